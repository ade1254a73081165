/** `egs-tool proxy <VM-ID>`: relays stdin and stdout to the guest's SSH service for OpenSSH. */

import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import type { Connector } from "../../transport/listener.ts";
import { pipeStdio } from "../pipe_stdio.ts";

const log = getLogger("tool", "proxy");

/** Connects to the guest and relays until either side closes. */
export async function runProxy(connector: Connector): Promise<void> {
  let connection;
  try {
    connection = await connector.connect();
  } catch (error) {
    throw new OperationError(
      `${(error as Error).message}. Check that the VM is running and that its eryph guest ` +
        `services are available (egs-tool get-status).`,
      { cause: error },
    );
  }
  log.debug("Connected to {address}", { address: connector.address });
  await pipeStdio(connection, Deno.stdin.readable, Deno.stdout.writable);
}
