/**
 * Byte relay between the proxy's stdin/stdout and the guest connection,
 * which is what OpenSSH's ProxyCommand expects of egs-tool proxy.
 */

import { once } from "node:events";
import type { Duplex } from "node:stream";

/**
 * Copies `input` into `connection` and `connection` into `output` until the
 * guest closes the connection, or until `input` ends and the guest has had
 * `graceMs` to finish. Ending `input` half-closes the connection, so the
 * guest reads end of file.
 */
export async function pipeStdio(
  connection: Duplex,
  input: ReadableStream<Uint8Array>,
  output: WritableStream<Uint8Array>,
  graceMs = 2000,
): Promise<void> {
  const writer = output.getWriter();
  const guestClosed = new Promise<void>((resolve, reject) => {
    connection.on("data", (chunk: Uint8Array) => {
      connection.pause();
      writer.write(chunk).then(() => connection.resume(), reject);
    });
    connection.once("end", resolve);
    connection.once("close", resolve);
    connection.once("error", reject);
  });

  const inputEnded = (async () => {
    for await (const chunk of input) {
      if (connection.destroyed) return;
      if (!connection.write(chunk)) await once(connection, "drain");
    }
    connection.end();
  })();

  let timer: ReturnType<typeof setTimeout> | undefined;
  const afterInput = inputEnded.then(() =>
    new Promise<void>((resolve) => timer = setTimeout(resolve, graceMs))
  );
  try {
    await Promise.race([guestClosed, afterInput]);
  } finally {
    clearTimeout(timer);
    await writer.close().catch(() => {});
    connection.destroy();
  }
}
