/**
 * A minimal ssh2 server for the SFTP and PTY tests: it listens on a unix
 * socket, accepts any public key, and serves SFTP, exec (through `sh -c`) and
 * shells on a PTY. The real daemon's own tests cover authentication.
 */

import { spawn } from "node:child_process";
import { Buffer } from "node:buffer";
import ssh2 from "ssh2";
import type { ServerChannel } from "ssh2";
import { serveSftp } from "../../../src/ssh/sftp/mod.ts";
import { type PtyProcess, startPtyProcess } from "../../../src/ssh/pty/mod.ts";

/** A running test server, the OpenSSH client options that reach it, and its temp dir. */
export interface TestServer {
  socketPath: string;
  home: string;
  /** Private key (OpenSSH format, no passphrase) that the server accepts. */
  clientKeyPath: string;
  /** Arguments for ssh, sftp and scp: identity, ProxyCommand, no known_hosts checks. */
  sshOptions: string[];
  close(): Promise<void>;
}

/** Starts the server in a fresh temp dir whose `home` folder is the SFTP home. */
export async function startTestServer(): Promise<TestServer> {
  const dir = await Deno.makeTempDir({ prefix: "egs_sftp_" });
  const home = `${dir}/home`;
  await Deno.mkdir(home);
  const socketPath = `${dir}/ssh.sock`;

  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", `${dir}/host_key`]);
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", `${dir}/client_key`]);
  const hostKey = await Deno.readFile(`${dir}/host_key`);

  const server = new ssh2.Server({ hostKeys: [Buffer.from(hostKey)] }, (client) => {
    client.on("authentication", (context) => {
      if (context.method === "publickey") context.accept();
      else context.reject(["publickey"]);
    });
    client.on("session", (acceptSession) => handleSession(acceptSession(), home));
    client.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));

  const sshOptions = [
    "-F",
    "/dev/null",
    "-i",
    `${dir}/client_key`,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "BatchMode=yes",
    "-o",
    `ProxyCommand=socat - UNIX-CONNECT:${socketPath}`,
  ];

  return {
    socketPath,
    home,
    clientKeyPath: `${dir}/client_key`,
    sshOptions,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function handleSession(session: ssh2.Session, home: string): void {
  let ptyInfo: ssh2.PseudoTtyInfo | undefined;
  let pty: PtyProcess | undefined;
  const env: Record<string, string> = { PATH: "/usr/bin:/bin", HOME: home, LANG: "C" };

  session.on("pty", (accept, _reject, info) => {
    ptyInfo = info;
    accept?.();
  });
  session.on("window-change", (accept, _reject, info) => {
    pty?.resize(info.cols, info.rows);
    accept?.();
  });
  session.on("sftp", (accept) => serveSftp(accept(), { cwd: home }));
  session.on("exec", (accept, _reject, info) => {
    const channel = accept();
    if (ptyInfo !== undefined) {
      pty = startOnPty(channel, ["/bin/sh", "-c", info.command], ptyInfo, env, home);
      return;
    }
    const child = spawn("/bin/sh", ["-c", info.command], { cwd: home, env });
    channel.pipe(child.stdin);
    child.stdout.pipe(channel, { end: false });
    child.stderr.pipe(channel.stderr, { end: false });
    child.on("close", (code) => {
      channel.exit(code ?? 1);
      channel.end();
    });
  });
  session.on("shell", (accept) => {
    const info = ptyInfo ?? { term: "dumb", cols: 80, rows: 24, width: 0, height: 0, modes: {} };
    pty = startOnPty(accept(), ["/bin/sh"], info, env, home);
  });
}

function startOnPty(
  channel: ServerChannel,
  argv: string[],
  info: ssh2.PseudoTtyInfo,
  env: Record<string, string>,
  home: string,
): PtyProcess {
  const pty = startPtyProcess({
    argv,
    env,
    cwd: home,
    cols: info.cols,
    rows: info.rows,
    term: info.term,
    modes: info.modes as Record<string, number>,
  });
  channel.pipe(pty.stream);
  pty.stream.pipe(channel, { end: false });
  pty.stream.on("end", async () => {
    const exit = await pty.exited;
    if (exit.signal !== null) channel.exit(exit.signal, false, "");
    else channel.exit(exit.code ?? 1);
    channel.end();
    await pty.close();
  });
  channel.on("close", () => pty.close());
  return pty;
}

async function run(command: string, args: string[]): Promise<void> {
  const result = await new Deno.Command(command, { args, stdout: "null", stderr: "piped" })
    .output();
  if (!result.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed: ${new TextDecoder().decode(result.stderr)}`,
    );
  }
}
