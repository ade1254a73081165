/**
 * egs-tool against the real guest daemon: the daemon runs from source on a
 * unix socket with temporary config and pool directories, egs-tool runs from
 * source with a temporary HOME and XDG_DATA_HOME, and plain OpenSSH reaches
 * the guest through the alias egs-tool writes (ProxyCommand = egs-tool proxy).
 * The client key reaches the guest only through the external KVP pool.
 */

import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";
import { type RunningDaemon, startDaemon } from "../ssh/_daemon_harness.ts";

const linuxOnly = Deno.build.os !== "linux";
const VM = "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d";
const HOST_NAME = `${VM}.hyper-v.alt`;

interface ToolHome {
  home: string;
  env: Record<string, string>;
  tool(args: string[]): ReturnType<typeof runCli>;
  run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** deno's cache folder, so children with another HOME reuse it instead of downloading again. */
async function denoDir(): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  return JSON.parse(new TextDecoder().decode(output.stdout)).denoDir;
}

async function toolHome(daemon: RunningDaemon): Promise<ToolHome> {
  const home = join(daemon.dir, "home");
  await Deno.mkdir(home);
  const env = {
    HOME: home,
    XDG_DATA_HOME: join(home, "data"),
    DENO_DIR: await denoDir(),
    NO_COLOR: "1",
  };
  const globals = ["--kvp-dir", join(daemon.dir, "kvp"), "--transport", `unix:${daemon.socket}`];
  return {
    home,
    env,
    tool: (args) => runCli("tool", [...globals, ...args], { env }),
    async run(command, args) {
      const output = await new Deno.Command(command, { args, env, stdin: "null" }).output();
      const decoder = new TextDecoder();
      return {
        code: output.code,
        stdout: decoder.decode(output.stdout),
        stderr: decoder.decode(output.stderr),
      };
    },
  };
}

/** Starts the daemon without a key file, initializes egs-tool and adds the alias `web`. */
async function withAlias(fn: (daemon: RunningDaemon, home: ToolHome) => Promise<void>) {
  const daemon = await startDaemon({ installKeyFile: false });
  try {
    const home = await toolHome(daemon);
    const initialize = await home.tool(["initialize"]);
    assertEquals(initialize.code, 0, initialize.stderr);
    const add = await home.tool(["add-ssh-config", VM, "web"]);
    assertEquals(add.code, 0, add.stderr);
    await fn(daemon, home);
  } finally {
    await daemon.stop();
  }
}

function sshArgs(home: ToolHome, host: string, ...rest: string[]): string[] {
  return ["-F", join(home.home, ".ssh", "config"), "-o", "BatchMode=yes", host, ...rest];
}

Deno.test({
  name: "add-ssh-config alias reaches the guest with strict host key checking",
  ignore: linuxOnly,
  fn: () =>
    withAlias(async (_daemon, home) => {
      for (const host of ["web", HOST_NAME]) {
        const result = await home.run("ssh", sshArgs(home, host, "echo ok"));
        assertEquals(result.code, 0, result.stderr);
        assertEquals(result.stdout, "ok\n");
      }
      const config = await Deno.readTextFile(
        join(home.env.XDG_DATA_HOME, ".eryph/guest-services/ssh/vm.d", `${VM}.config`),
      );
      assertStringIncludes(config, "StrictHostKeyChecking yes");
    }),
});

Deno.test({
  name: "add-ssh-config alias rejects a guest whose host key changed",
  ignore: linuxOnly,
  fn: () =>
    withAlias(async (_daemon, home) => {
      const knownHosts = join(home.env.XDG_DATA_HOME, ".eryph/guest-services/ssh/known_hosts", VM);
      await Deno.writeTextFile(
        knownHosts,
        `${HOST_NAME} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`,
      );
      const result = await home.run("ssh", sshArgs(home, "web", "echo ok"));
      assertEquals(result.code, 255);
      assertStringIncludes(result.stderr, "Host key verification failed");
    }),
});

Deno.test({
  name: "add-ssh-config twice leaves the files unchanged",
  ignore: linuxOnly,
  fn: () =>
    withAlias(async (_daemon, home) => {
      const files = [
        join(home.home, ".ssh", "config"),
        join(home.env.XDG_DATA_HOME, ".eryph/guest-services/ssh/vm.d", `${VM}.config`),
        join(home.env.XDG_DATA_HOME, ".eryph/guest-services/ssh/known_hosts", VM),
      ];
      const before = await Promise.all(files.map((file) => Deno.readFile(file)));
      const again = await home.tool(["add-ssh-config", VM, "web"]);
      assertEquals(again.code, 0, again.stderr);
      const after = await Promise.all(files.map((file) => Deno.readFile(file)));
      assertEquals(after, before);
    }),
});

Deno.test({
  name: "egs-tool transfers with the key initialize made",
  ignore: linuxOnly,
  fn: () =>
    withAlias(async (daemon, home) => {
      // initialize writes an ECDSA key, and the guest's ECDSA host key signs
      // when OpenSSH requests that algorithm only.
      const local = join(home.home, "up.bin");
      const remote = join(daemon.dir, "up.bin");
      const back = join(home.home, "back.bin");
      await Deno.writeFile(local, new Uint8Array(300_000).map((_, index) => index % 251));
      const upload = await home.tool(["upload-file", VM, local, remote]);
      assertEquals(upload.code, 0, upload.stderr);
      const download = await home.tool(["download-file", VM, remote, back]);
      assertEquals(download.code, 0, download.stderr);
      assertEquals(await Deno.readFile(back), await Deno.readFile(local));

      const ecdsaHost = await home.run("ssh", [
        "-o",
        "HostKeyAlgorithms=ecdsa-sha2-nistp256",
        ...sshArgs(home, "web", "echo ok"),
      ]);
      assertEquals(ecdsaHost.stdout, "ok\n", ecdsaHost.stderr);
    }),
});

Deno.test({
  name: "scp and sftp work through the alias",
  ignore: linuxOnly,
  fn: () =>
    withAlias(async (daemon, home) => {
      const local = join(home.home, "upload.txt");
      const remote = join(daemon.dir, "remote.txt");
      await Deno.writeTextFile(local, "payload\n");
      const scp = await home.run("scp", [
        "-F",
        join(home.home, ".ssh", "config"),
        "-o",
        "BatchMode=yes",
        local,
        `web:${remote}`,
      ]);
      assertEquals(scp.code, 0, scp.stderr);
      assertEquals(await Deno.readTextFile(remote), "payload\n");

      const batch = join(home.home, "batch");
      const downloaded = join(home.home, "downloaded.txt");
      await Deno.writeTextFile(batch, `get ${remote} ${downloaded}\n`);
      const sftp = await home.run("sftp", [
        "-F",
        join(home.home, ".ssh", "config"),
        "-o",
        "BatchMode=yes",
        "-b",
        batch,
        "web",
      ]);
      assertEquals(sftp.code, 0, sftp.stderr);
      assertEquals(await Deno.readTextFile(downloaded), "payload\n");
    }),
});

Deno.test({
  name: "set-shell changes the shell of the next session",
  ignore: linuxOnly,
  fn: () =>
    withAlias(async (daemon, home) => {
      const shell = join(daemon.dir, "custom-shell");
      await Deno.writeTextFile(shell, '#!/bin/sh\necho "custom:$*"\n', { mode: 0o755 });
      const set = await home.tool(["set-shell", VM, "-c", shell, "-a", "--marker"]);
      assertEquals(set.code, 0, set.stderr);
      const custom = await home.run("ssh", sshArgs(home, "web", "echo ok"));
      assertEquals(custom.stdout, "custom:--marker -c echo ok\n", custom.stderr);

      const reset = await home.tool(["set-shell", VM, "--reset"]);
      assertEquals(reset.code, 0, reset.stderr);
      const plain = await home.run("ssh", sshArgs(home, "web", "echo ok"));
      assertEquals(plain.stdout, "ok\n", plain.stderr);
    }),
});

Deno.test({
  name: "get-status and get-data print what the guest wrote",
  ignore: linuxOnly,
  fn: () =>
    withAlias(async (_daemon, home) => {
      const status = await home.tool(["get-status", VM]);
      assertEquals(status.code, 0, status.stderr);
      assertEquals(status.stdout.split("\n")[0], "available");
      assertStringIncludes(status.stdout, "features: shell-override");

      const data = await home.tool(["get-data", VM, "--json"]);
      assertEquals(data.code, 0, data.stderr);
      const parsed = JSON.parse(data.stdout);
      assertEquals(parsed.guest["eryph:guest-services:status"], "available");
      assertStringIncludes(parsed.guest["eryph:guest-services:host-key"], "ssh-ed25519 ");
      assertStringIncludes(
        parsed.external["eryph:guest-services:client-public-key"],
        "ecdsa-sha2-nistp256 ",
      );
    }),
});

Deno.test({
  name: "add-ssh-config fails when the guest published no host keys",
  ignore: linuxOnly,
  async fn() {
    const daemon = await startDaemon({ installKeyFile: false });
    try {
      const home = await toolHome(daemon);
      assertEquals((await home.tool(["initialize"])).code, 0);
      await daemon.guestPool.update({ "eryph:guest-services:host-key": null });
      const add = await home.tool(["add-ssh-config", VM]);
      assertEquals(add.code, 1);
      assertStringIncludes(add.stderr, "has not published SSH host keys");
      const accept = await home.tool(["add-ssh-config", VM, "--accept-new"]);
      assertEquals(accept.code, 0, accept.stderr);
      const result = await home.run("ssh", sshArgs(home, HOST_NAME, "echo ok"));
      assertEquals(result.stdout, "ok\n", result.stderr);
    } finally {
      await daemon.stop();
    }
  },
});
