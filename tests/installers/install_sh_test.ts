/**
 * Runs installers/linux/install.sh, only ever with `--root` pointing at a
 * temporary folder, and with a `systemctl` on PATH that records each call so
 * a call under `--root` shows.
 */

import { join } from "node:path";
import { REPO_ROOT } from "../_support/shared.ts";
import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";

const SCRIPT = join(REPO_ROOT, "installers", "linux", "install.sh");
const UNIT = "eryph-guest-services.service";

interface Sandbox {
  dir: string;
  root: string;
  binary: string;
  systemctlLog: string;
  env: Record<string, string>;
}

async function makeSandbox(): Promise<Sandbox> {
  const dir = await Deno.makeTempDir({ prefix: "egs-install-test-" });
  const root = join(dir, "root");
  const fakeBin = join(dir, "fake-bin");
  await Deno.mkdir(root);
  await Deno.mkdir(fakeBin);
  const binary = join(dir, "egs-service");
  await Deno.writeTextFile(binary, "#!/bin/sh\necho egs-service\n");
  const systemctlLog = join(dir, "systemctl.log");
  await Deno.writeTextFile(
    join(fakeBin, "systemctl"),
    `#!/bin/sh\necho "$@" >> ${systemctlLog}\n`,
    { mode: 0o755 },
  );
  const env = { PATH: `${fakeBin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}` };
  return { dir, root, binary, systemctlLog, env };
}

async function install(sandbox: Sandbox, args: string[]) {
  const output = await new Deno.Command("sh", {
    args: [SCRIPT, "--binary", sandbox.binary, ...args],
    env: sandbox.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function mode(path: string): Promise<string> {
  return ((await Deno.stat(path)).mode! & 0o777).toString(8).padStart(4, "0");
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

Deno.test("install.sh --root installs files with modes", async () => {
  const sandbox = await makeSandbox();
  try {
    const result = await install(sandbox, ["--root", sandbox.root]);
    assertEquals(result.code, 0, result.stderr);
    const root = sandbox.root;
    const binary = join(root, "opt/eryph/guest-services/bin/egs-service");
    assertEquals(await Deno.readTextFile(binary), await Deno.readTextFile(sandbox.binary));
    assertEquals(await mode(binary), "0755");
    const unit = join(root, "etc/systemd/system", UNIT);
    assertEquals(
      await Deno.readTextFile(unit),
      await Deno.readTextFile(join(REPO_ROOT, "installers/linux", UNIT)),
    );
    assertEquals(await mode(unit), "0644");
    assertEquals(await mode(join(root, "etc/opt/eryph/guest-services")), "0755");
    assertEquals(await mode(join(root, "etc/opt/eryph/guest-services/private")), "0700");
    assertEquals(await mode(join(root, "var/log/eryph/guest-services")), "0750");
    const wants = join(root, "etc/systemd/system/multi-user.target.wants", UNIT);
    assertEquals(await Deno.readLink(wants), `/etc/systemd/system/${UNIT}`);
  } finally {
    await Deno.remove(sandbox.dir, { recursive: true });
  }
});

Deno.test("install.sh --root calls no systemctl", async () => {
  const sandbox = await makeSandbox();
  try {
    const result = await install(sandbox, ["--root", sandbox.root]);
    assertEquals(result.code, 0, result.stderr);
    assertEquals(await exists(sandbox.systemctlLog), false, "systemctl was called");
  } finally {
    await Deno.remove(sandbox.dir, { recursive: true });
  }
});

Deno.test("install.sh --dry-run writes nothing", async () => {
  const sandbox = await makeSandbox();
  try {
    const result = await install(sandbox, ["--root", sandbox.root, "--dry-run"]);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stdout, `/opt/eryph/guest-services/bin/egs-service`);
    assertStringIncludes(result.stdout, "install -d -m 0700");
    assertEquals([...Deno.readDirSync(sandbox.root)], []);
    assertEquals(await exists(sandbox.systemctlLog), false, "systemctl was called");
  } finally {
    await Deno.remove(sandbox.dir, { recursive: true });
  }
});

Deno.test("install.sh rejects a missing binary", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.remove(sandbox.binary);
    const result = await install(sandbox, ["--root", sandbox.root]);
    assertEquals(result.code, 2);
    assertStringIncludes(result.stderr, `'${sandbox.binary}' does not exist`);
    assertEquals([...Deno.readDirSync(sandbox.root)], []);
  } finally {
    await Deno.remove(sandbox.dir, { recursive: true });
  }
});

Deno.test("install.sh rejects a missing root folder", async () => {
  const sandbox = await makeSandbox();
  try {
    const result = await install(sandbox, ["--root", join(sandbox.dir, "missing")]);
    assertEquals(result.code, 2);
    assertStringIncludes(result.stderr, "does not exist");
  } finally {
    await Deno.remove(sandbox.dir, { recursive: true });
  }
});

Deno.test("unit file sets type, restart and heap cap", async () => {
  const unit = await Deno.readTextFile(join(REPO_ROOT, "installers/linux", UNIT));
  const lines = unit.split("\n");
  for (
    const line of [
      "Type=notify",
      "ExecStart=/opt/eryph/guest-services/bin/egs-service daemon",
      "Environment=HOME=/root TERM=xterm",
      "Restart=on-failure",
      "RestartSec=10",
      "WantedBy=multi-user.target",
    ]
  ) {
    assert(lines.includes(line), `the unit lacks the line ${line}`);
  }
  assert(
    lines.some((line) => /^Environment=DENO_V8_FLAGS=--max-old-space-size=\d+/.test(line)),
    "the unit sets no V8 heap cap",
  );
});
