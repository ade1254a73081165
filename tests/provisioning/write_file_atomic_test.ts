import { assertEquals, assertRejects } from "../_support/assert.ts";
import { writeFileAtomic } from "../../src/provisioning/write_file_atomic.ts";
import {
  type ProvisioningState,
  readProvisioningState,
  writeProvisioningState,
} from "../../src/provisioning/provisioning_state.ts";
import { listFiles } from "./_fakes.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-atomic-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function state(status: ProvisioningState["status"]): ProvisioningState {
  return {
    version: 1,
    status,
    instanceId: "iid-1",
    bootId: "boot-1",
    startedAt: "2026-12-04T20:00:00.000Z",
    modules: {},
    moduleReboots: {},
    errors: [],
  };
}

Deno.test("writeFileAtomic() creates parents and sets the mode", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/a/b/marker`;

    await writeFileAtomic(path, "content\n", { mode: 0o640 });

    assertEquals(await Deno.readTextFile(path), "content\n");
    if (Deno.build.os !== "windows") assertEquals((await Deno.stat(path)).mode! & 0o777, 0o640);
    assertEquals(await listFiles(dir), ["a/b/marker"]);
  });
});

Deno.test("writeFileAtomic() replaces an existing file", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/state.json`;
    await writeFileAtomic(path, "old");

    await writeFileAtomic(path, new TextEncoder().encode("new"));

    assertEquals(await Deno.readTextFile(path), "new");
  });
});

Deno.test("writeFileAtomic() keeps the old file when the rename fails", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/state.json`;
    await writeProvisioningState(path, state("running"));
    const crash = () => Promise.reject(new Error("power lost"));

    await assertRejects(
      () => writeFileAtomic(path, JSON.stringify(state("completed")), { rename: crash }),
      Error,
      "power lost",
    );

    assertEquals((await readProvisioningState(path))?.status, "running");
    assertEquals(await listFiles(dir), ["state.json"]);
  });
});

Deno.test("readProvisioningState() ignores a temporary file left by a crash", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/state.json`;
    await writeProvisioningState(path, state("running"));
    const written: string[] = [];
    const crashAfterWrite = (from: string) => {
      written.push(from);
      return Promise.reject(new Error("killed"));
    };

    await assertRejects(() =>
      writeFileAtomic(path, '{"version":1,"status":"compl', { rename: crashAfterWrite })
    );
    await Deno.writeTextFile(written[0], '{"version":1,"status":"compl');

    assertEquals((await readProvisioningState(path))?.status, "running");
  });
});

Deno.test("readProvisioningState() returns undefined for a missing or foreign file", async () => {
  await withDir(async (dir) => {
    assertEquals(await readProvisioningState(`${dir}/state.json`), undefined);

    await Deno.writeTextFile(`${dir}/state.json`, '{"status":"done"}');

    assertEquals(await readProvisioningState(`${dir}/state.json`), undefined);
  });
});
