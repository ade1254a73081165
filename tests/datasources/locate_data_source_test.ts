import { assert, assertEquals, assertRejects } from "../_support/assert.ts";
import { makeRoot, testContext, writeUnderRoot } from "./_support/context.ts";
import {
  ALL_DATA_SOURCES,
  locateDataSource,
  type LocatorClock,
  selectDataSources,
} from "../../src/datasources/locate_data_source.ts";
import type { DataSource, DataSourceName, ProbeResult } from "../../src/datasources/types.ts";
import { OperationError } from "../../src/errors.ts";

/** Creates a clock whose sleep advances time instantly and records each wait. */
function fakeClock(): LocatorClock & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (milliseconds) => {
      waits.push(milliseconds);
      now += milliseconds;
      return Promise.resolve();
    },
  };
}

/** Creates a datasource that returns the scripted results in turn, repeating the last one. */
function scripted(name: DataSourceName, results: ProbeResult[]): DataSource & { calls: number } {
  const source = {
    name,
    calls: 0,
    probe: () => Promise.resolve(results[Math.min(source.calls++, results.length - 1)]),
  };
  return source;
}

const found = (name: DataSourceName): ProbeResult => ({
  kind: "data",
  datasource: name,
  instanceId: `iid-${name}`,
  metaData: {},
  source: "test",
});

const names = (sources: DataSource[]) => sources.map((source) => source.name);

Deno.test("selectDataSources() defaults to the priority order", () => {
  assertEquals(names(selectDataSources(undefined)), [
    "Azure",
    "NoCloud",
    "ConfigDrive",
    "HyperVKvp",
  ]);
});

Deno.test("selectDataSources() follows the list, ignoring case and unknown names", () => {
  assertEquals(
    names(selectDataSources(["hypervkvp", "Bogus", "NOCLOUD", "nocloud"])),
    ["HyperVKvp", "NoCloud"],
  );
});

Deno.test("selectDataSources() selects all when every name is unknown", () => {
  assertEquals(names(selectDataSources(["Ec2", "Gce"])), names([...ALL_DATA_SOURCES]));
});

Deno.test("locateDataSource() returns the first datasource with data", async () => {
  const azure = scripted("Azure", [{ kind: "not-here" }]);
  const noCloud = scripted("NoCloud", [found("NoCloud")]);
  const kvp = scripted("HyperVKvp", [found("HyperVKvp")]);

  const result = await locateDataSource(testContext(await makeRoot()), {
    dataSources: [azure, noCloud, kvp],
    clock: fakeClock(),
  });

  assertEquals(result.kind === "data" && result.datasource, "NoCloud");
  assertEquals(kvp.calls, 0);
});

Deno.test("locateDataSource() returns none at once when nothing is pending", async () => {
  const clock = fakeClock();
  const result = await locateDataSource(testContext(await makeRoot()), {
    dataSources: [scripted("NoCloud", [{ kind: "not-here" }])],
    clock,
  });

  assertEquals(result, { kind: "none", notReady: [] });
  assertEquals(clock.waits, []);
});

Deno.test("locateDataSource() retries not-ready sources with doubling backoff", async () => {
  const kvp = scripted("HyperVKvp", [
    { kind: "not-ready", reason: "chunk 1 missing" },
    { kind: "not-ready", reason: "chunk 1 missing" },
    { kind: "not-ready", reason: "chunk 1 missing" },
    found("HyperVKvp"),
  ]);
  const settings = JSON.stringify({ dataSources: { minBackoffSeconds: 2, maxBackoffSeconds: 5 } });
  const clock = fakeClock();

  const result = await locateDataSource(testContext(await makeRoot(), { settings }), {
    dataSources: [kvp],
    clock,
  });

  assertEquals(result.kind, "data");
  assertEquals(clock.waits, [2000, 4000, 5000]);
});

Deno.test("locateDataSource() gives up when the readiness budget is spent", async () => {
  const settings = JSON.stringify({
    dataSources: { readinessTimeoutMinutes: 1, minBackoffSeconds: 10, maxBackoffSeconds: 40 },
  });
  const clock = fakeClock();

  const result = await locateDataSource(testContext(await makeRoot(), { settings }), {
    dataSources: [scripted("Azure", [{ kind: "not-ready", reason: "no ovf-env.xml" }])],
    clock,
  });

  assertEquals(result, {
    kind: "none",
    notReady: [{ datasource: "Azure", reason: "no ovf-env.xml" }],
  });
  assertEquals(clock.waits, [10_000, 20_000, 30_000]);
});

Deno.test("locateDataSource() names the datasource that failed", async () => {
  const broken: DataSource = {
    name: "ConfigDrive",
    probe: () => Promise.reject(new Error("boom")),
  };

  await assertRejects(
    async () => await locateDataSource(testContext(await makeRoot()), { dataSources: [broken] }),
    OperationError,
    "Datasource ConfigDrive failed: boom",
  );
});

Deno.test("locateDataSource() finds a NoCloud seed with the real datasources", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/var/lib/cloud/seed/nocloud/meta-data": "instance-id: iid-real\n",
    "/var/lib/cloud/seed/nocloud/user-data": "#cloud-config\n",
  });

  const result = await locateDataSource(testContext(root), { clock: fakeClock() });

  assert(result.kind === "data");
  assertEquals(result.datasource, "NoCloud");
  assertEquals(result.instanceId, "iid-real");
});

Deno.test("locateDataSource() reports none on an empty root", async () => {
  const result = await locateDataSource(testContext(await makeRoot()), { clock: fakeClock() });

  assertEquals(result, { kind: "none", notReady: [] });
});
