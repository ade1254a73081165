/**
 * An ssh2 library client connected to a test daemon, for requests the OpenSSH
 * client cannot script precisely (a `pty-req` of a chosen size, `window-change`).
 */

import { Buffer } from "node:buffer";
import { connect } from "node:net";
import ssh2 from "ssh2";
import type { RunningDaemon } from "./_daemon_harness.ts";

/** Connects as `egs` with `keyPath`, by default the daemon's client key. */
export async function connectClient(
  daemon: RunningDaemon,
  keyPath = daemon.clientKey,
): Promise<ssh2.Client> {
  const client = new ssh2.Client();
  const privateKey = await Deno.readTextFile(keyPath);
  await new Promise<void>((resolve, reject) => {
    client.once("ready", () => resolve());
    client.once("error", reject);
    client.connect({ sock: connect(daemon.socket), username: "egs", privateKey });
  });
  return client;
}

/** A shell channel with its collected output and its end. */
export interface ShellChannel {
  channel: ssh2.ClientChannel;
  output(): string;
  /** Waits until the output matches `pattern`; throws with the output after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Settles with the exit code (or signal name) and close time once the channel closes. */
  closed: Promise<{ code: number | string | undefined; at: number }>;
}

/** Opens `shell` with the given PTY window, or without a PTY when `window` is false. */
export function openShell(
  client: ssh2.Client,
  window: ssh2.PseudoTtyOptions | false,
): Promise<ShellChannel> {
  return new Promise((resolve, reject) => {
    client.shell(window, (error, channel) => {
      if (error) return reject(error);
      let output = "";
      let code: number | string | undefined;
      channel.on("data", (chunk: Buffer) => output += chunk.toString("utf8"));
      channel.stderr.on("data", (chunk: Buffer) => output += chunk.toString("utf8"));
      channel.on("exit", (exitCode: number | null, signal?: string) => code = exitCode ?? signal);
      const closed = new Promise<{ code: number | string | undefined; at: number }>((done) =>
        channel.on("close", () => done({ code, at: performance.now() }))
      );
      resolve({
        channel,
        output: () => output,
        closed,
        async waitFor(pattern, timeoutMs = 5000) {
          const started = Date.now();
          while (!pattern.test(output)) {
            if (Date.now() - started > timeoutMs) {
              throw new Error(
                `Timed out waiting for ${pattern}; output so far: ${JSON.stringify(output)}`,
              );
            }
            await new Promise((wait) => setTimeout(wait, 20));
          }
          return output;
        },
      });
    });
  });
}
