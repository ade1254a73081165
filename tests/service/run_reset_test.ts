import { join, relative } from "node:path";
import { resetState } from "../../src/service/commands/reset.ts";
import { assertEquals } from "../_support/assert.ts";
import { listFiles } from "../provisioning/_fakes.ts";
import { runCli } from "../_support/cli.ts";

const LAYOUT = [
  "state.json",
  "instance-data.json",
  "data/instance-id",
  "data/boot-id",
  "sem/config_scripts_per_once.once",
  "entries/scripts_per_once.json",
  "instances/iid-1/sem/config_runcmd",
  "instances/iid-1/sem/config_bootcmd.boot",
  "instances/iid-1/entries/runcmd.json",
  "instances/iid-1/scripts/part-001",
  "instances/iid-1/boot-finished",
];

async function stateDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "egs-reset-" });
  for (const file of LAYOUT) {
    await Deno.mkdir(join(dir, file, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, file), "x");
  }
  return dir;
}

Deno.test("resetState() keeps per-once state and scripts", async () => {
  const dir = await stateDir();
  try {
    const removed = await resetState(dir, {});
    assertEquals(await listFiles(dir), [
      "entries/scripts_per_once.json",
      "instances/iid-1/scripts/part-001",
      "sem/config_scripts_per_once.once",
    ]);
    assertEquals(removed.map((path) => relative(dir, path)).sort(), [
      "data",
      "instance-data.json",
      "instances/iid-1/boot-finished",
      "instances/iid-1/entries",
      "instances/iid-1/sem",
      "state.json",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resetState() with every option keeps per-boot markers", async () => {
  const dir = await stateDir();
  try {
    await resetState(dir, { scripts: true, resetOnce: true, keepPerBoot: true });
    assertEquals(await listFiles(dir), ["instances/iid-1/sem/config_bootcmd.boot"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reset --logs --root empties both folders", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-reset-root-" });
  try {
    const stateDir = join(root, "var/lib/eryph/provisioning");
    const logDir = join(root, "var/log/eryph/guest-services");
    await Deno.mkdir(stateDir, { recursive: true });
    await Deno.mkdir(logDir, { recursive: true });
    await Deno.writeTextFile(join(stateDir, "state.json"), "{}");
    await Deno.writeTextFile(join(logDir, "egs-provisioning.log"), "{}\n");

    const result = await runCli("service", ["reset", "--logs", "--root", root]);
    assertEquals(result.code, 0);
    assertEquals(await listFiles(root), []);
    assertEquals(result.stdout.trim().split("\n").length, 2);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("reset --root clears scripts staged beside an outside state dir", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-reset-root-" });
  const outside = await stateDir();
  try {
    const staging = join(root, "var/lib/eryph/provisioning");
    for (const file of ["data/previous-hostname", "instances/iid-1/scripts/part-001"]) {
      await Deno.mkdir(join(staging, file, ".."), { recursive: true });
      await Deno.writeTextFile(join(staging, file), "x");
    }

    const result = await runCli("service", [
      "reset",
      "--scripts",
      "--root",
      root,
      "--state-dir",
      outside,
    ]);
    assertEquals(result.code, 0, result.stderr);

    assertEquals(await listFiles(staging), []);
    assertEquals(await listFiles(outside), [
      "entries/scripts_per_once.json",
      "sem/config_scripts_per_once.once",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});
