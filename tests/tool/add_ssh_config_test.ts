import { join } from "node:path";
import { assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import { runAddSshConfig } from "../../src/tool/commands/add_ssh_config.ts";
import { ensureClientKey } from "../../src/tool/client_key.ts";
import { SSH_CONFIG_MARKER } from "../../src/tool/ssh_config_block.ts";
import { resolveToolPaths, type ToolPaths } from "../../src/tool/tool_paths.ts";
import { parseVmTarget } from "../../src/tool/vm_target.ts";
import { captureOutput, FakeHostKvp } from "./_fake_host_kvp.ts";

const VM = "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d";
const OTHER_VM = "0a1b2c3d-0000-4000-8000-00000000000a";
const HOST_KEYS =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

async function withHome(fn: (paths: ToolPaths, home: string) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "egs-tool-home-" });
  try {
    const paths = resolveToolPaths({
      os: "linux",
      env: (name) => name === "HOME" ? home : undefined,
    });
    await ensureClientKey(paths.clientKey, "egs@test");
    await fn(paths, home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

function request(paths: ToolPaths, kvp: FakeHostKvp, vmId = VM, alias?: string, acceptNew = false) {
  return {
    target: parseVmTarget(vmId),
    alias,
    acceptNew,
    kvp,
    context: { transport: "unix:/tmp/egs.sock" },
    paths,
    invocation: { execPath: "/opt/egs-tool", os: "linux" },
    machineName: "HostA",
  };
}

async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else files[path] = await Deno.readTextFile(path);
    }
  };
  await walk(root);
  return files;
}

Deno.test("runAddSshConfig() pins keys and writes the alias", async () => {
  await withHome(async (paths) => {
    const kvp = new FakeHostKvp({ guest: { "eryph:guest-services:host-key": HOST_KEYS } });
    await captureOutput(() => runAddSshConfig(request(paths, kvp, VM, "web")));

    const publicLine = (await Deno.readTextFile(`${paths.clientKey}.pub`)).trim();
    assertEquals(
      kvp.groups.external.get("eryph:guest-services:client-public-key:hosta"),
      publicLine,
    );
    assertEquals(kvp.groups.external.get("eryph:guest-services:client-public-key"), publicLine);

    const knownHosts = await Deno.readTextFile(join(paths.knownHostsDir, VM));
    assertEquals(knownHosts, `${VM}.hyper-v.alt ${HOST_KEYS}\n`);

    const vmFile = await Deno.readTextFile(join(paths.vmConfigDir, `${VM}.config`));
    assertStringIncludes(vmFile, `Host web ${VM}.hyper-v.alt\n`);
    assertStringIncludes(vmFile, "StrictHostKeyChecking yes\n");
    assertStringIncludes(vmFile, `ProxyCommand /opt/egs-tool --transport unix:/tmp/egs.sock`);

    const config = await Deno.readTextFile(paths.sshConfig);
    assertEquals(config.split("\n")[0], SSH_CONFIG_MARKER);
    assertStringIncludes(config, `Include "${paths.vmConfigDir}/*"`);
  });
});

Deno.test("runAddSshConfig() twice leaves every file byte-identical", async () => {
  await withHome(async (paths, home) => {
    await Deno.mkdir(join(home, ".ssh"));
    await Deno.writeTextFile(paths.sshConfig, "Host example\n  User me\n");
    const kvp = new FakeHostKvp({ guest: { "eryph:guest-services:host-key": HOST_KEYS } });
    await captureOutput(() => runAddSshConfig(request(paths, kvp, VM, "web")));
    const first = await snapshot(home);
    const updates = kvp.updates.length;
    await captureOutput(() => runAddSshConfig(request(paths, kvp, VM, "web")));
    assertEquals(await snapshot(home), first);
    assertEquals(kvp.updates.length, updates);
    assertStringIncludes(first[paths.sshConfig], "\n\nHost example\n  User me\n");
  });
});

Deno.test("runAddSshConfig() keeps earlier aliases when none is given", async () => {
  await withHome(async (paths) => {
    const kvp = new FakeHostKvp({ guest: { "eryph:guest-services:host-key": HOST_KEYS } });
    await captureOutput(() => runAddSshConfig(request(paths, kvp, VM, "web")));
    await captureOutput(() => runAddSshConfig(request(paths, kvp, VM)));
    const vmFile = await Deno.readTextFile(join(paths.vmConfigDir, `${VM}.config`));
    assertStringIncludes(vmFile, `Host web ${VM}.hyper-v.alt\n`);
  });
});

Deno.test("runAddSshConfig() moves an alias away from another VM", async () => {
  await withHome(async (paths) => {
    const kvp = new FakeHostKvp({ guest: { "eryph:guest-services:host-key": HOST_KEYS } });
    await captureOutput(() => runAddSshConfig(request(paths, kvp, OTHER_VM, "web")));
    await captureOutput(() => runAddSshConfig(request(paths, kvp, VM, "web")));
    const other = await Deno.readTextFile(join(paths.vmConfigDir, `${OTHER_VM}.config`));
    assertStringIncludes(other, `Host ${OTHER_VM}.hyper-v.alt\n`);
    const own = await Deno.readTextFile(join(paths.vmConfigDir, `${VM}.config`));
    assertStringIncludes(own, `Host web ${VM}.hyper-v.alt\n`);
  });
});

Deno.test("runAddSshConfig() fails without published host keys", async () => {
  await withHome(async (paths) => {
    const kvp = new FakeHostKvp();
    await assertRejects(
      () => runAddSshConfig(request(paths, kvp)),
      OperationError,
      "has not published SSH host keys",
    );
    assertEquals(kvp.updates, []);
    await assertRejects(() => Deno.stat(paths.sshConfig), Deno.errors.NotFound);
  });
});

Deno.test("runAddSshConfig() with --accept-new writes accept-new", async () => {
  await withHome(async (paths) => {
    const kvp = new FakeHostKvp();
    await captureOutput(() => runAddSshConfig(request(paths, kvp, VM, undefined, true)));
    const vmFile = await Deno.readTextFile(join(paths.vmConfigDir, `${VM}.config`));
    assertStringIncludes(vmFile, "StrictHostKeyChecking accept-new\n");
  });
});

Deno.test("runAddSshConfig() rejects a config file with a single marker", async () => {
  await withHome(async (paths, home) => {
    await Deno.mkdir(join(home, ".ssh"));
    const original = `Host a\n${SSH_CONFIG_MARKER}\n`;
    await Deno.writeTextFile(paths.sshConfig, original);
    const kvp = new FakeHostKvp({ guest: { "eryph:guest-services:host-key": HOST_KEYS } });
    await assertRejects(() => runAddSshConfig(request(paths, kvp)), OperationError, "line 2");
    assertEquals(await Deno.readTextFile(paths.sshConfig), original);
  });
});

Deno.test("runAddSshConfig() needs the client key", async () => {
  await withHome(async (paths) => {
    await Deno.remove(paths.clientKey);
    await assertRejects(
      () => runAddSshConfig(request(paths, new FakeHostKvp())),
      OperationError,
      "egs-tool initialize",
    );
  });
});
