import { join } from "node:path";
import { InputError } from "../../../src/errors.ts";
import { KvpPoolId } from "../../../src/kvp/pool.ts";
import { resolveAgentPaths } from "../../../src/provisioning/agent/agent_paths.ts";
import { runAgent } from "../../../src/provisioning/agent/run_agent.ts";
import { readCloudInitEvents } from "../../../src/reporting/cloud_init_event_reader.ts";
import { defaultSettings, parseSettings } from "../../../src/settings/settings.ts";
import { assert, assertEquals, assertRejects } from "../../_support/assert.ts";
import {
  fakeModule,
  fakePlatform,
  FakeProcesses,
  MemoryKvpStore,
} from "../../provisioning/_fakes.ts";

const encoder = new TextEncoder();

async function seedDir(root: string, userData: string, metaData = "instance-id: iid-a\n") {
  const dir = join(root, "seed");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "meta-data"), metaData);
  await Deno.writeTextFile(join(dir, "user-data"), userData);
  return dir;
}

async function withRoot(fn: (root: string) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "egs-agent-" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("runAgent() provisions from a seed directory", async () => {
  await withRoot(async (root) => {
    const seed = await seedDir(root, "#cloud-config\nruncmd: [[true]]\n");
    const calls: string[] = [];
    const kvp = new MemoryKvpStore();
    const result = await runAgent({
      paths: resolveAgentPaths({ root, os: "linux" }),
      settings: defaultSettings(),
      platform: fakePlatform(),
      modules: [fakeModule("runcmd", "config", calls, { activatedBy: ["runcmd"] })],
      kvp,
      seed: { seed },
      bootId: "b1",
    });

    assertEquals(result.exitCode, 0);
    assertEquals(result.outcome, "provisioned");
    assertEquals(calls, ["runcmd"]);
    const stateDir = join(root, "var/lib/eryph/provisioning");
    const state = JSON.parse(await Deno.readTextFile(join(stateDir, "state.json")));
    assertEquals(state.status, "completed");
    assertEquals(state.instanceId, "iid-a");
    assertEquals(kvp.guest.items.get("eryph.provisioning.state"), "completed");
  });
});

Deno.test("runAgent() writes root-only instance data", async () => {
  await withRoot(async (root) => {
    const seed = await seedDir(
      root,
      "## template: jinja\n#cloud-config\nruncmd: [[echo, '{{ v1.local_hostname }}']]\n",
      "instance-id: iid-j\nlocal-hostname: web7\n",
    );
    let seen: unknown;
    const result = await runAgent({
      paths: resolveAgentPaths({ root, os: "linux" }),
      settings: defaultSettings(),
      platform: fakePlatform(),
      modules: [
        fakeModule("runcmd", "config", [], {
          handle: (context) => {
            seen = context.rawConfig.runcmd;
            return Promise.resolve({ status: "applied" });
          },
        }),
      ],
      seed: { seed },
      bootId: "b1",
    });

    assertEquals(result.exitCode, 0);
    assertEquals(seen, [["echo", "web7"]]);
    const path = join(root, "var/lib/eryph/provisioning/instance-data.json");
    const data = JSON.parse(await Deno.readTextFile(path));
    assertEquals(data.v1.instance_id, "iid-j");
    assertEquals(data.v1.cloud_name, "nocloud");
    assertEquals(data.ds.meta_data["local-hostname"], "web7");
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
  });
});

Deno.test("runAgent() without a datasource exits 0", async () => {
  await withRoot(async (root) => {
    const calls: string[] = [];
    const result = await runAgent({
      paths: resolveAgentPaths({ root, os: "linux" }),
      settings: parseSettings('{"dataSources": {"readinessTimeoutMinutes": 0}}'),
      platform: fakePlatform(),
      modules: [fakeModule("runcmd", "config", calls)],
      seed: {},
      bootId: "b1",
    });
    assertEquals(result, { exitCode: 0, outcome: "no-datasource" });
    assertEquals(calls, []);
  });
});

Deno.test("runAgent() reports an unusable config as init-local FAIL", async () => {
  await withRoot(async (root) => {
    const userData = join(root, "user-data");
    await Deno.writeTextFile(userData, "#cloud-config\n- a list, not a mapping\n");
    const kvp = new MemoryKvpStore();
    await assertRejects(
      () =>
        runAgent({
          paths: resolveAgentPaths({ root, os: "linux" }),
          settings: defaultSettings(),
          platform: fakePlatform(),
          modules: [],
          kvp,
          seed: { userDataPath: userData, instanceId: "iid-x" },
          bootId: "b1",
        }),
      InputError,
    );
    const pool = await kvp.pool(KvpPoolId.Guest).readAll();
    assertEquals(pool.get("eryph.provisioning.state"), "failed");
    const finish = readCloudInitEvents(pool).find((event) => event.type === "finish");
    assertEquals(finish?.name, "init-local");
    assertEquals(finish?.result, "FAIL");
  });
});

Deno.test("runAgent() checks --user-data and --instance-id", async () => {
  await withRoot(async (root) => {
    await assertRejects(
      () =>
        runAgent({
          paths: resolveAgentPaths({ root, os: "linux" }),
          settings: defaultSettings(),
          platform: fakePlatform(),
          modules: [],
          seed: { userDataPath: join(root, "missing") },
          dryRun: true,
        }),
      Error,
      "--instance-id",
    );
    await assertRejects(
      () =>
        runAgent({
          paths: resolveAgentPaths({ root, os: "linux" }),
          settings: defaultSettings(),
          platform: fakePlatform(),
          modules: [],
          seed: { userDataPath: join(root, "missing"), instanceId: "i" },
          dryRun: true,
        }),
      InputError,
    );
  });
});

Deno.test("runAgent() defers to an enabled cloud-init", async () => {
  await withRoot(async (root) => {
    await Deno.mkdir(join(root, "usr/bin"), { recursive: true });
    await Deno.writeFile(join(root, "usr/bin/cloud-init"), encoder.encode("#!/bin/sh\n"));
    const seed = await seedDir(root, "#cloud-config\nruncmd: [[true]]\n");
    const processes = new FakeProcesses().script("cloud-init status --format json", {
      code: 0,
      stdout: '{"status": "done"}',
    });
    const calls: string[] = [];
    const kvp = new MemoryKvpStore();
    const options = {
      paths: resolveAgentPaths({ root, os: "linux" }),
      settings: defaultSettings(),
      platform: fakePlatform(processes),
      modules: [fakeModule("runcmd", "config", calls)],
      kvp,
      seed: { seed },
      bootId: "b1",
    };

    const deferred = await runAgent(options);
    assertEquals(deferred.outcome, "deferred-to-cloud-init");
    assertEquals(calls, []);
    assertEquals(kvp.guest.items.get("eryph.provisioning.state"), "completed");

    const forced = await runAgent({ ...options, force: true });
    assertEquals(forced.outcome, "provisioned");
    assertEquals(calls, ["runcmd"]);
  });
});

Deno.test("runAgent() provisions beside a disabled cloud-init", async () => {
  await withRoot(async (root) => {
    await Deno.mkdir(join(root, "usr/bin"), { recursive: true });
    await Deno.mkdir(join(root, "etc/cloud"), { recursive: true });
    await Deno.writeTextFile(join(root, "usr/bin/cloud-init"), "#!/bin/sh\n");
    await Deno.writeTextFile(join(root, "etc/cloud/cloud-init.disabled"), "");
    const seed = await seedDir(root, "#cloud-config\n{}\n");
    const calls: string[] = [];
    const result = await runAgent({
      paths: resolveAgentPaths({ root, os: "linux" }),
      settings: defaultSettings(),
      platform: fakePlatform(),
      modules: [fakeModule("runcmd", "config", calls)],
      seed: { seed },
      bootId: "b1",
    });
    assertEquals(result.outcome, "provisioned");
    assertEquals(calls, ["runcmd"]);
  });
});

Deno.test("runAgent() dry run writes nothing", async () => {
  await withRoot(async (root) => {
    const seed = await seedDir(root, "#cloud-config\nruncmd: [[true]]\n");
    const calls: string[] = [];
    const kvp = new MemoryKvpStore();
    const result = await runAgent({
      paths: resolveAgentPaths({ root, os: "linux" }),
      settings: defaultSettings(),
      platform: fakePlatform(),
      modules: [fakeModule("runcmd", "config", calls, { activatedBy: ["runcmd"] })],
      kvp,
      seed: { seed },
      dryRun: true,
      bootId: "b1",
    });
    assertEquals(result.outcome, "dry-run");
    assertEquals(calls, []);
    assert(result.report!.actions.some((a) => a.module === "runcmd" && a.action === "run"));
    assertEquals(kvp.guest.writes, []);
    const exists = await Deno.stat(join(root, "var/lib/eryph")).then(() => true, () => false);
    assertEquals(exists, false);
  });
});
