import { existsSync } from "node:fs";
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";
import { mainScript } from "../_support/main_script.ts";
import { REPO_ROOT } from "../_support/shared.ts";
import { listFiles } from "../provisioning/_fakes.ts";

async function withRoot(fn: (root: string) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "egs-run-cli-" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("run --dry-run lists modules and writes nothing", async () => {
  await withRoot(async (root) => {
    const userData = join(root, "user-data");
    await Deno.writeTextFile(userData, "#cloud-config\nruncmd: [[true]]\n");
    const result = await runCli("service", [
      "run",
      "--dry-run",
      "--root",
      root,
      "--user-data",
      userData,
      "--instance-id",
      "iid-cli",
      "--boot-id",
      "b1",
      "--json",
    ]);
    assertEquals(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assertEquals(output.outcome, "dry-run");
    const runcmd = output.actions.find((action: { module: string }) => action.module === "runcmd");
    assertEquals(runcmd?.action, "run");
    assertEquals(await listFiles(root), ["user-data"]);
  });
});

Deno.test("run exits 2 for unparsable user-data", async () => {
  await withRoot(async (root) => {
    const userData = join(root, "user-data");
    await Deno.writeTextFile(userData, "#cloud-config\nruncmd: [unclosed\n");
    const result = await runCli("service", [
      "run",
      "--dry-run",
      "--root",
      root,
      "--user-data",
      userData,
      "--instance-id",
      "iid-cli",
      "--boot-id",
      "b1",
    ]);
    assertEquals(result.code, 2);
    assertStringIncludes(result.stderr, "user-data");
  });
});

Deno.test("run --dry-run reports a rejected key's module", async () => {
  await withRoot(async (root) => {
    const userData = join(root, "user-data");
    await Deno.writeTextFile(userData, "#cloud-config\nruncmd: [42]\n");
    const args = ["run", "--root", root, "--user-data", userData, "--instance-id", "iid-cli"];
    const dryRun = await runCli("service", [...args, "--dry-run", "--json"]);
    assertEquals(dryRun.code, 1, dryRun.stderr);
    const output = JSON.parse(dryRun.stdout);
    const runcmd = output.actions.find((action: { module: string }) => action.module === "runcmd");
    assertStringIncludes(runcmd?.failure ?? "", "Invalid configuration");
    assertEquals(output.errors.length, 1);
    assertEquals(await listFiles(root), ["user-data"]);

    const run = await runCli("service", args);
    assertEquals(run.code, 1, run.stderr);
    assertStringIncludes(run.stdout, "config/runcmd: failed (Invalid configuration");
  });
});

Deno.test("run exits 2 for --user-data alone", async () => {
  await withRoot(async (root) => {
    const result = await runCli("service", [
      "run",
      "--dry-run",
      "--root",
      root,
      "--user-data",
      join(root, "user-data"),
    ]);
    assertEquals(result.code, 2);
    assertStringIncludes(result.stderr, "needs --instance-id");
  });
});

Deno.test("run rejects argument mistakes before writing", async () => {
  // Each case: the arguments after `run --root ROOT`, and a part of the message.
  const cases: [(root: string) => string[], (root: string) => string][] = [
    [() => ["--user-data", "user-data"], () => "needs --instance-id"],
    [
      (root) => ["--user-data", join(root, "missing"), "--instance-id", "iid-cli"],
      (root) => `Cannot read --user-data "${join(root, "missing")}": no such file`,
    ],
    [
      (root) => ["--seed", root, "--user-data", join(root, "user-data"), "--instance-id", "i"],
      () => "Pass one of them",
    ],
  ];
  for (const [args, message] of cases) {
    await withRoot(async (root) => {
      await Deno.writeTextFile(join(root, "user-data"), "#cloud-config\n");
      const result = await runCli("service", ["run", "--root", root, ...args(root)]);
      assertEquals(result.code, 2, message(root));
      assertStringIncludes(result.stderr, message(root));
      assertEquals(await listFiles(root), ["user-data"], message(root));
    });
  }
});

Deno.test("run repeats warnings in its summary", async () => {
  await withRoot(async (root) => {
    const userData = join(root, "user-data");
    await Deno.writeTextFile(
      userData,
      "#cloud-config\nwrite_files:\n  - path: /etc/x.txt\n    content: hi\n    permissions: rwx\n",
    );
    const args = ["run", "--dry-run", "--root", root, "--user-data", userData];
    const identity = ["--instance-id", "iid-cli", "--boot-id", "b1"];

    const text = await runCli("service", [...args, ...identity]);
    assertEquals(text.code, 0, text.stderr);
    assertStringIncludes(text.stdout, "Warning: ");
    assertStringIncludes(text.stdout, 'Cannot read permissions "rwx" as an octal mode');

    const json = await runCli("service", [...args, ...identity, "--json"]);
    const warnings: string[] = JSON.parse(json.stdout).warnings;
    assertEquals(warnings.some((line) => line.includes('permissions "rwx"')), true, json.stdout);
  });
});

Deno.test("status shows the warnings of the run", async () => {
  await withRoot(async (root) => {
    // This run needs only root's account in the root, as the owner of the file.
    await Deno.mkdir(join(root, "etc"));
    await Deno.writeTextFile(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    await Deno.writeTextFile(join(root, "etc/group"), "root:x:0:\n");
    const userData = join(root, "user-data");
    await Deno.writeTextFile(
      userData,
      "#cloud-config\nusers: []\nwrite_files:\n" +
        "  - path: /etc/x.txt\n    content: hi\n    permissions: rwx\n",
    );
    const run = await runCli("service", [
      ...["run", "--root", root, "--user-data", userData],
      ...["--instance-id", "iid-cli", "--boot-id", "b1"],
    ]);
    assertEquals(run.code, 0, run.stderr);

    const stateDir = join(root, "var/lib/eryph/provisioning");
    const text = await runCli("service", ["status", "--state-dir", stateDir]);
    assertStringIncludes(text.stdout, "warning: ");
    assertStringIncludes(text.stdout, 'Cannot read permissions "rwx" as an octal mode');

    const json = await runCli("service", ["status", "--state-dir", stateDir, "--json"]);
    const warnings: string[] = JSON.parse(json.stdout).warnings;
    assertEquals(warnings.some((line) => line.includes('permissions "rwx"')), true, json.stdout);
  });
});

Deno.test("run names missing permission flags", async () => {
  // Each case: Deno's permission flags, and a part of the message.
  const cases: [string[], string][] = [
    [
      ["--allow-read", "--allow-write"],
      "granted for some values only: --allow-env --allow-run --allow-net --allow-ffi",
    ],
    [["--allow-all", "--deny-env=EGS_UNUSED"], "a --deny-* flag blocks /proc"],
  ];
  for (const [flags, message] of cases) {
    await withRoot(async (root) => {
      const userData = join(root, "user-data");
      await Deno.writeTextFile(userData, "#cloud-config\nhostname: partial\n");
      const output = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          ...flags,
          mainScript("service"),
          ...["run", "--root", root, "--user-data", userData, "--instance-id", "i"],
          ...["--boot-id", "b"],
        ],
        cwd: REPO_ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();

      const stderr = new TextDecoder().decode(output.stderr);
      assertEquals(output.code, 2, stderr);
      assertStringIncludes(stderr, message);
      assertEquals(stderr.includes("    at "), false, stderr);
      assertEquals(await listFiles(root), ["user-data"], flags.join(" "));
    });
  }
});

Deno.test("run logs an --instance-id that replaces the seed's", async () => {
  await withRoot(async (root) => {
    const seed = join(root, "seed");
    await Deno.mkdir(seed);
    await Deno.writeTextFile(join(seed, "meta-data"), "instance-id: iid-seed\n");
    await Deno.writeTextFile(join(seed, "user-data"), "#cloud-config\n");
    const result = await runCli("service", [
      "run",
      "--dry-run",
      "--root",
      root,
      "--seed",
      seed,
      "--instance-id",
      "iid-override",
      "--log-format",
      "text",
    ]);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stderr, '"iid-override" from --instance-id replaces');
    assertStringIncludes(result.stderr, '"iid-seed"');
  });
});

Deno.test("run without a datasource exits 0", async () => {
  await withRoot(async (root) => {
    await Deno.mkdir(join(root, "etc/opt/eryph/guest-services"), { recursive: true });
    await Deno.writeTextFile(
      join(root, "etc/opt/eryph/guest-services/egs-provisioning.json"),
      '{"dataSources": {"readinessTimeoutMinutes": 0}}',
    );
    const result = await runCli("service", ["run", "--root", root, "--boot-id", "b1"]);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stdout, "No datasource found");
    const log = await Deno.stat(join(root, "var/log/eryph/guest-services/egs-provisioning.log"));
    assertEquals(log.mode! & 0o777, 0o640);
    assert(log.size > 0, "the run logged to its log file");
  });
});

Deno.test("run rejects a --root that does not exist", async () => {
  const missing = join(await Deno.makeTempDir(), "no-such-root");
  const result = await runCli("service", ["run", "--root", missing, "--dry-run"]);
  assertEquals(result.code, 2);
  assertStringIncludes(result.stderr, "no-such-root");
  assertEquals(existsSync(missing), false);
});

Deno.test("run rejects a --seed that does not exist", async () => {
  const root = await Deno.makeTempDir();
  const result = await runCli("service", ["run", "--root", root, "--seed", join(root, "nope")]);
  assertEquals(result.code, 2);
  assertStringIncludes(result.stderr, "nope");
  await Deno.remove(root, { recursive: true });
});

Deno.test("run exits 2 for a --seed without meta-data", async () => {
  await withRoot(async (root) => {
    const seed = join(root, "seed");
    await Deno.mkdir(seed);
    await Deno.writeTextFile(join(seed, "user-data"), "#cloud-config\nhostname: a\n");
    const result = await runCli("service", [
      "run",
      "--root",
      root,
      "--seed",
      seed,
      "--boot-id",
      "b1",
    ]);
    assertEquals(result.code, 2, result.stderr);
    assertStringIncludes(result.stderr, `No datasource found in --seed "${seed}"`);
    assertStringIncludes(result.stderr, "meta-data");
  });
});
