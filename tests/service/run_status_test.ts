import { join } from "node:path";
import { formatStatus } from "../../src/service/commands/status.ts";
import type { ProvisioningState } from "../../src/provisioning/provisioning_state.ts";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";

function state(status: ProvisioningState["status"]): ProvisioningState {
  return {
    version: 1,
    status,
    instanceId: "iid-1",
    bootId: "b1",
    stage: "final",
    startedAt: "2026-12-04T20:00:00.000Z",
    finishedAt: "2026-12-04T20:00:05.000Z",
    modules: { runcmd: { stage: "config", result: "applied", finishedAt: "x" } },
    moduleReboots: {},
    errors: status === "failed" ? ["config-runcmd: exit code 1"] : [],
  };
}

async function stateDirWith(value: ProvisioningState | undefined): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "egs-status-" });
  if (value !== undefined) {
    await Deno.writeTextFile(join(dir, "state.json"), JSON.stringify(value));
  }
  return dir;
}

Deno.test("formatStatus() lists modules and errors", () => {
  const text = formatStatus(state("failed"), "text");
  assertStringIncludes(text, "status: failed");
  assertStringIncludes(text, "instance: iid-1");
  assertStringIncludes(text, "  config/runcmd: applied");
  assertStringIncludes(text, "error: config-runcmd: exit code 1");
  assertEquals(formatStatus(undefined, "text"), "status: not-started");
  assertEquals(JSON.parse(formatStatus(undefined, "json")), { status: "not-started" });
});

Deno.test("status --json exits 1 after a failure", async () => {
  const dir = await stateDirWith(state("failed"));
  try {
    const result = await runCli("service", ["status", "--state-dir", dir, "--format", "json"]);
    assertEquals(result.code, 1);
    assertEquals(JSON.parse(result.stdout).status, "failed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("status --wait --timeout exits 3", async () => {
  const dir = await stateDirWith(state("running"));
  try {
    const result = await runCli("service", [
      "status",
      "--state-dir",
      dir,
      "--wait",
      "--timeout",
      "0.3",
    ]);
    assertEquals(result.code, 3);
    assertStringIncludes(result.stdout, "status: running");
    assertStringIncludes(result.stderr, "did not finish within 0.3 s");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("status --wait returns on completion", async () => {
  const dir = await stateDirWith(undefined);
  try {
    const child = runCli("service", ["status", "--state-dir", dir, "--wait", "--timeout", "20"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Deno.writeTextFile(join(dir, "state.json"), JSON.stringify(state("completed")));
    const result = await child;
    assertEquals(result.code, 0);
    assertStringIncludes(result.stdout, "status: completed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
