/**
 * The bundles of `deno task bundle`, which `deno task compile` turns into the
 * binaries, run like the sources: the bundled egs-service provisions a root
 * from a jinja template, serves OpenSSH's ssh and sftp as a daemon, and the
 * bundled egs-tool starts. The whole suite runs against bundles with
 * `EGS_TEST_BUNDLE_DIR=dist/bundle`, and this test keeps the build in CI.
 */

import { join } from "node:path";
import { bundleBinary } from "../../.ci/bundle.ts";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";
import { copyDebianRoot } from "../_support/debian_root.ts";
import { sshArgs, startDaemon } from "../ssh/_daemon_harness.ts";

const USER_DATA = `## template: jinja
#cloud-config
write_files:
  - path: /etc/bundle-instance
    content: "{{ v1.instance_id }}"
runcmd:
  - [sh, -c, "echo ran > /var/tmp/bundle-runcmd"]
`;

/**
 * Returns the `node:` modules that the bundled `egs-service run` loads before
 * it applies anything: the static imports of `main.js`, of the `run` chunk
 * and of every chunk they import in turn.
 */
async function nodeModulesOfRun(bundleDir: string): Promise<string[]> {
  const runChunk = [...Deno.readDirSync(bundleDir)].find((entry) =>
    /^run-.*\.js$/.test(entry.name)
  );
  const pending = ["main.js", runChunk!.name];
  const seen = new Set<string>();
  const builtins = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const text = await Deno.readTextFile(join(bundleDir, name));
    for (const [, specifier] of text.matchAll(/^import[^;]*?from\s*"([^"]+)"/gms)) {
      if (specifier.startsWith("node:")) builtins.add(`${specifier} (${name})`);
      else pending.push(specifier.replace(/^\.\//, ""));
    }
  }
  return [...builtins];
}

Deno.test("bundled run loads no node: module", async () => {
  const work = await Deno.makeTempDir({ prefix: "egs-bundle-" });
  try {
    const service = await bundleBinary("egs-service", join(work, "egs-service"));
    assertEquals(await nodeModulesOfRun(join(service, "..")), []);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test({
  name: "bundles provision, serve ssh and start",
  ignore: Deno.uid() !== 0,
  sanitizeResources: false,
  fn: async () => {
    const work = await Deno.makeTempDir({ prefix: "egs-bundle-" });
    try {
      const service = await bundleBinary("egs-service", join(work, "egs-service"));
      const tool = await bundleBinary("egs-tool", join(work, "egs-tool"));

      const root = await copyDebianRoot(join(work, "root"));
      const seed = join(work, "seed");
      await Deno.mkdir(seed);
      await Deno.writeTextFile(join(seed, "user-data"), USER_DATA);
      await Deno.writeTextFile(join(seed, "meta-data"), "instance-id: iid-bundle\n");
      const run = await runCli(
        "service",
        ["run", "--seed", seed, "--root", root, "--boot-id", "boot-1"],
        { script: service },
      );
      assertEquals(run.code, 0, run.stderr);
      assertEquals(await Deno.readTextFile(join(root, "etc/bundle-instance")), "iid-bundle");
      assertEquals(await Deno.readTextFile(join(root, "var/tmp/bundle-runcmd")), "ran\n");

      const daemon = await startDaemon({ script: service });
      try {
        const exec = await daemon.ssh(["echo hello from the bundle"]);
        assertEquals(exec.code, 0, exec.stderr);
        assertEquals(exec.text, "hello from the bundle\n");

        const batch = join(work, "batch");
        await Deno.writeTextFile(batch, `put ${batch} ${work}/by-sftp\n`);
        const options = sshArgs(daemon).slice(0, -1);
        const sftp = await new Deno.Command("sftp", {
          args: [...options, "-b", batch, "egs@egs-test"],
          stdin: "null",
        }).output();
        assertEquals(sftp.code, 0, new TextDecoder().decode(sftp.stderr));
        assertEquals(
          await Deno.readTextFile(join(work, "by-sftp")),
          await Deno.readTextFile(batch),
        );
      } finally {
        await daemon.stop();
      }

      const version = await runCli("tool", ["--version"], { script: tool });
      assertEquals(version.code, 0, version.stderr);
      assertStringIncludes(version.stdout, "egs-tool");
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
