/** Connects an ssh2 SFTP client to the test server for protocol-level tests. */

import { Buffer } from "node:buffer";
import net from "node:net";
import ssh2 from "ssh2";
import type { SFTPWrapper } from "ssh2";
import type { TestServer } from "./_test_server.ts";

/** An ssh2 SFTP session and the connection behind it. */
export interface SftpClient {
  sftp: SFTPWrapper;
  /** Extensions the server listed in its VERSION reply. */
  extensions: Record<string, string>;
  close(): void;
}

/** Opens an SFTP session on `server` as user `egs`. */
export async function connectSftp(server: TestServer): Promise<SftpClient> {
  const privateKey = Buffer.from(await Deno.readFile(server.clientKeyPath));
  const connection = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    connection.once("ready", () => resolve());
    connection.once("error", reject);
    connection.connect({ sock: net.connect(server.socketPath), username: "egs", privateKey });
  });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
    connection.sftp((error, sftp) => error ? reject(error) : resolve(sftp));
  });
  const extensions = (sftp as unknown as { _extensions: Record<string, string> })._extensions;
  return { sftp, extensions, close: () => connection.end() };
}

/** Calls an ssh2 callback-style method and returns its result as a promise. */
export function call<T = void>(
  method: (callback: (error?: Error | null, result?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    method((error, result) => error ? reject(error) : resolve(result as T));
  });
}

/** Returns the SFTP status code of an ssh2 error (`undefined` for other errors). */
export function statusCode(error: unknown): number | undefined {
  return (error as { code?: number }).code;
}
