/**
 * The long-running service: reads the service-control flags, runs the boot
 * provisioning hook, then serves SSH on every listen address until SIGTERM or
 * SIGINT, telling systemd and the host through KVP what state it is in.
 */

import { trimProcessMemory } from "../../../ffi/memory_trim.ts";
import { KvpPoolId, type KvpStore } from "../../kvp/pool.ts";
import { getLogger } from "../../log/logging.ts";
import { ensureHostKeys } from "../../ssh/host_keys.ts";
import { startPtyProcess } from "../../ssh/pty/mod.ts";
import { serveSftp } from "../../ssh/sftp/mod.ts";
import { SshServer } from "../../ssh/ssh_server.ts";
import { type Listener, openListener, parseListenSpec } from "../../transport/mod.ts";
import { EGS_VERSION } from "../../version.ts";
import {
  advertiseAvailable,
  type AdvertisedFacts,
  advertiseStopped,
  describeOperatingSystem,
  publishHostKeys,
} from "./kvp_advertising.ts";
import { IdleTrimScheduler } from "./idle_trim.ts";
import { installProcessGuards } from "./process_guards.ts";
import { readServiceControl, type ServiceControlFlags } from "./service_control.ts";
import { notifySystemd } from "./systemd_notify.ts";
import { waitForStopSignal } from "./stop_signal.ts";

/** Settings of {@linkcode runDaemon}. */
export interface DaemonOptions {
  configDir: string;
  store: KvpStore;
  /** Listen specs such as `vsock:5002` or `unix:/run/egs.sock`. */
  listen: readonly string[];
  allowRemoteTcp: boolean;
  /** Runs boot provisioning before the SSH server starts; skipped when ProvisioningEnabled=0. */
  provisionAtBoot?: (flags: ServiceControlFlags) => Promise<void>;
  /** Resolves when the daemon should stop; SIGTERM or SIGINT by default. */
  stopSignal?: Promise<string>;
}

const logger = getLogger("service", "daemon");

/** Runs the daemon until the stop signal arrives. */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  installProcessGuards();
  const stopSignal = options.stopSignal ?? waitForStopSignal();
  const specs = options.listen.map((spec) =>
    parseListenSpec(spec, { allowRemoteTcp: options.allowRemoteTcp })
  );

  const flags = await readServiceControl(options.configDir);
  logger.info("Starting egs-service {version} with flags {flags}", {
    version: EGS_VERSION,
    flags,
    bootProvisioning: flags.provisioningEnabled && options.provisionAtBoot !== undefined,
  });

  if (!flags.provisioningEnabled) {
    logger.info("ProvisioningEnabled is 0, so boot provisioning is skipped.");
  } else if (options.provisionAtBoot === undefined) {
    logger.info("--no-provisioning is set, so boot provisioning is skipped.");
  } else {
    notify("STATUS=Provisioning");
    await options.provisionAtBoot(flags).catch((error) =>
      logger.error("Boot provisioning failed; the SSH server starts anyway: {error}", {
        error: String(error),
      })
    );
  }

  if (!flags.remoteAccessEnabled) {
    logger.info("RemoteAccessEnabled is 0, so the SSH server does not start");
    notify("READY=1\nSTATUS=Remote access is disabled");
    const signal = await stopSignal;
    logger.info("Stopping on {signal}", { signal });
    return;
  }

  const guestPool = options.store.pool(KvpPoolId.Guest);
  const externalPool = options.store.pool(KvpPoolId.External);
  const hostKeys = await ensureHostKeys(options.configDir);
  const facts: AdvertisedFacts = {
    version: EGS_VERSION,
    operatingSystem: await describeOperatingSystem(),
    portForwarding: flags.portForwardingEnabled,
    hostKeyLines: hostKeys.map((key) => key.publicLine),
  };
  await kvpStep("publish the host keys", () => publishHostKeys(guestPool, facts.hostKeyLines));

  const idleTrim = new IdleTrimScheduler(trimIdleMemory);
  const server = new SshServer({
    hostKeys,
    authorizedKeys: {
      keyFilePath: `${options.configDir}/id_egs.pub`,
      externalPool: flags.kvpAuthEnabled ? externalPool : undefined,
    },
    externalPool,
    portForwarding: flags.portForwardingEnabled,
    startPty: startPtyProcess,
    serveSftp,
    activity: idleTrim,
  });

  const listeners: Listener[] = [];
  for (const spec of specs) listeners.push(await openListener(spec));
  const acceptLoops = listeners.map((listener) => acceptConnections(listener, server));
  const addresses = listeners.map((listener) => listener.address).join(", ");
  logger.info("SSH server listening on {addresses}", { addresses });

  await kvpStep("advertise the status", () => advertiseAvailable(guestPool, facts));
  notify(`READY=1\nSTATUS=Listening on ${addresses}`);
  logger.info("Ready: serving SSH on {addresses}", { addresses });
  idleTrim.start();

  const signal = await stopSignal;
  logger.info("Stopping on {signal}", { signal });
  notify("STOPPING=1\nSTATUS=Stopping");
  idleTrim.close();

  // A node:net listener's close() settles only once its connections are gone,
  // so the sessions are ended while the listeners close.
  const listenersClosed = Promise.all(listeners.map((listener) => listener.close()));
  await server.close();
  await listenersClosed;
  await Promise.all(acceptLoops);
  await kvpStep("withdraw the status", () => advertiseStopped(guestPool, facts));
  logger.info("Stopped");
}

async function acceptConnections(listener: Listener, server: SshServer): Promise<void> {
  for (;;) {
    const connection = await listener.accept().catch((error) => {
      logger.error("Accepting on {address} failed: {error}", {
        address: listener.address,
        error: String(error),
      });
      return null;
    });
    if (connection === undefined) return;
    if (connection === null) {
      // Back off so a persistent accept error does not spin the loop.
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    server.handle(connection.stream, connection.peer);
  }
}

/** Gives memory back to the system while no connection is open, and logs the effect. */
function trimIdleMemory(): void {
  const before = Deno.memoryUsage().rss;
  const outcome = trimProcessMemory();
  logger.debug("Trimmed idle memory: RSS {before} MiB before, {after} MiB after", {
    before: (before / 2 ** 20).toFixed(1),
    after: (Deno.memoryUsage().rss / 2 ** 20).toFixed(1),
    mappings: outcome.mappings,
    released: outcome.released,
  });
}

/** Runs a KVP write; a failure is logged because the SSH server works without KVP. */
async function kvpStep(step: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    logger.error("Cannot {step} in the guest KVP pool: {error}", { step, error: String(error) });
  }
}

function notify(state: string): void {
  try {
    notifySystemd(state);
  } catch (error) {
    logger.warn("Cannot notify systemd: {error}", { error: String(error) });
  }
}
