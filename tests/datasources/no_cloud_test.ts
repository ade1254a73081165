import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { makeCloudLocalds, makeIso, writeTree } from "./_support/images.ts";
import { makeRoot, testContext, writeUnderRoot } from "./_support/context.ts";
import { noCloudDataSource } from "../../src/datasources/no_cloud.ts";
import type { CommandRunner } from "../../src/datasources/command_runner.ts";
import type { Mounter } from "../../src/datasources/mounter.ts";
import { createProbeContext } from "../../src/datasources/probe_context.ts";
import type { FoundData, ProbeResult } from "../../src/datasources/types.ts";
import { InputError } from "../../src/errors.ts";

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

function assertData(result: ProbeResult): FoundData {
  assertEquals(result.kind, "data", JSON.stringify(result));
  return result as FoundData;
}

Deno.test("NoCloud reads a seed directory under the root", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/var/lib/cloud/seed/nocloud/meta-data": "instance-id: iid-dir\nlocal-hostname: dirhost\n",
    "/var/lib/cloud/seed/nocloud/user-data": "#cloud-config\nhostname: x\n",
    "/var/lib/cloud/seed/nocloud/network-config": "version: 2\nethernets: {}\n",
  });

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iid-dir");
  assertEquals(data.localHostname, "dirhost");
  assertEquals(text(data.userData), "#cloud-config\nhostname: x\n");
  assertEquals(data.networkConfig, { version: 2, ethernets: {} });
  assertEquals(data.source, join(root, "/var/lib/cloud/seed/nocloud"));
});

Deno.test("NoCloud reads the nocloud-net seed directory", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/var/lib/cloud/seed/nocloud-net/meta-data": '{"instance-id": "iid-json"}',
    "/var/lib/cloud/seed/nocloud-net/user-data": "",
  });

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iid-json");
  assertEquals(data.userData?.length, 0);
});

Deno.test("NoCloud skips a seed without user-data", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, { "/var/lib/cloud/seed/nocloud/meta-data": "instance-id: a\n" });

  assertEquals(await noCloudDataSource.probe(testContext(root)), { kind: "not-here" });
});

Deno.test("NoCloud reports not-here on an empty root", async () => {
  assertEquals(await noCloudDataSource.probe(testContext(await makeRoot())), { kind: "not-here" });
});

Deno.test("NoCloud reads a cloud-localds image given as --seed", async () => {
  const image = await makeCloudLocalds({
    userData: "#cloud-config\nhostname: localds\n",
    metaData: "instance-id: iid-localds\nlocal-hostname: localds\n",
    networkConfig: "version: 1\nconfig: []\n",
    vendorData: "#cloud-config\nruncmd: []\n",
  });

  const context = testContext(await makeRoot(), { seed: image });
  const data = assertData(await noCloudDataSource.probe(context));

  assertEquals(data.instanceId, "iid-localds");
  assertEquals(text(data.userData), "#cloud-config\nhostname: localds\n");
  assertEquals(text(data.vendorData), "#cloud-config\nruncmd: []\n");
  assertEquals(data.networkConfig, { version: 1, config: [] });
  assertEquals(data.source, image);
});

Deno.test("NoCloud finds a cidata device through /dev/disk/by-label", async () => {
  const image = await makeCloudLocalds({ userData: "#!/bin/sh\n", metaData: "instance-id: lbl\n" });
  const root = await makeRoot();
  await Deno.mkdir(join(root, "dev/disk/by-label"), { recursive: true });
  await Deno.symlink(image, join(root, "dev/disk/by-label/cidata"));

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "lbl");
  assertEquals(text(data.userData), "#!/bin/sh\n");
});

Deno.test("NoCloud asks blkid for upper-case CIDATA devices", async () => {
  const image = await makeIso(
    await writeTree({ "USER-DATA": "ud", "META-DATA": "instance-id: upper\n" }),
    "CIDATA",
    ["-J"],
  );
  const calls: string[][] = [];
  const runCommand: CommandRunner = (argv) => {
    calls.push(argv);
    const found = argv.includes("LABEL=CIDATA");
    return Promise.resolve({ code: found ? 0 : 2, stdout: found ? `${image}\n` : "", stderr: "" });
  };

  const data = assertData(
    await noCloudDataSource.probe(testContext(await makeRoot(), { runCommand })),
  );

  assertEquals(data.instanceId, "upper");
  assertEquals(text(data.userData), "ud");
  assertEquals(calls[0], ["blkid", "-t", "LABEL=cidata", "-o", "device"]);
  assertEquals(calls.length, 2);
});

Deno.test("NoCloud keeps base64 user-data undecoded", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/var/lib/cloud/seed/nocloud/meta-data": "instance-id: b\n",
    "/var/lib/cloud/seed/nocloud/user-data": "I2Nsb3VkLWNvbmZpZwo=\n",
  });

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(text(data.userData), "I2Nsb3VkLWNvbmZpZwo=\n");
  assertEquals(data.userDataIsBase64, undefined);
});

Deno.test("NoCloud rejects meta-data that is not a mapping", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/var/lib/cloud/seed/nocloud/meta-data": "- a\n- b\n",
    "/var/lib/cloud/seed/nocloud/user-data": "",
  });

  await assertRejects(() => noCloudDataSource.probe(testContext(root)), InputError, "a list");
});

Deno.test("NoCloud applies kernel command line hints over meta-data", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/proc/cmdline": "quiet ds=nocloud;i=iid-cmdline;h=cmdhost root=/dev/sda1\n",
    "/var/lib/cloud/seed/nocloud/meta-data": "instance-id: iid-seed\nlocal-hostname: seedhost\n",
    "/var/lib/cloud/seed/nocloud/user-data": "",
  });

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iid-cmdline");
  assertEquals(data.localHostname, "cmdhost");
});

Deno.test("NoCloud follows seedfrom file:// from the DMI serial", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/sys/class/dmi/id/product_serial": "ds=nocloud;s=file:///srv/seed/\n",
    "/srv/seed/meta-data": "instance-id: iid-file\n",
    "/srv/seed/user-data": "#cloud-config\n",
  });

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iid-file");
  assertEquals(data.source, "file:///srv/seed/");
  assertEquals(text(data.userData), "#cloud-config\n");
});

Deno.test("NoCloud fetches seedfrom over http from a loopback server", async () => {
  const files: Record<string, string> = {
    "/seed/meta-data": "instance-id: iid-http\nlocal-hostname: webhost\n",
    "/seed/user-data": "#cloud-config\nhostname: webhost\n",
  };
  const requested: string[] = [];
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    requested.push(path);
    const body = files[path];
    return new Response(body ?? "missing", { status: body === undefined ? 404 : 200 });
  });
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/proc/cmdline": `ds=nocloud-net;s=http://127.0.0.1:${server.addr.port}/seed\n`,
  });

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iid-http");
  assertEquals(text(data.userData), files["/seed/user-data"]);
  assertEquals(requested, [
    "/seed/meta-data",
    "/seed/user-data",
    "/seed/vendor-data",
    "/seed/network-config",
  ]);
});

Deno.test("NoCloud is not ready while the seedfrom server fails", async () => {
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("busy", { status: 503 }),
  );
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/proc/cmdline": `ds=nocloud;s=http://127.0.0.1:${server.addr.port}/\n`,
  });

  const result = await noCloudDataSource.probe(testContext(root));

  assert(result.kind === "not-ready", JSON.stringify(result));
  assertStringIncludes(result.reason, "HTTP 503");
});

sharedTest("NoCloud parses the corpus meta-data fixture", async (shared) => {
  const fixture = join(shared, "corpus/egs/test/fixtures/nocloud/meta-data");
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/var/lib/cloud/seed/nocloud/meta-data": await Deno.readFile(fixture),
    "/var/lib/cloud/seed/nocloud/user-data": "",
  });

  const data = assertData(await noCloudDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iid-local01");
  assertEquals(data.localHostname, "cloudimg");
  assertEquals(data.publicKeys?.length, 2);
  assert(data.publicKeys![0].startsWith("ssh-rsa "));
  assert(String(data.metaData["network-interfaces"]).includes("address 10.0.0.2"));
});

sharedTest("NoCloud delivers bug-04 gzip user-data as raw bytes", async (shared) => {
  const caseDir = join(shared, "cases/bug-04");
  const data = assertData(
    await noCloudDataSource.probe(testContext(await makeRoot(), { seed: caseDir })),
  );

  assertEquals(data.instanceId, "iid-bug-04");
  assertEquals(data.localHostname, "host00");
  assertEquals([...data.userData!.subarray(0, 2)], [0x1f, 0x8b]);
});

Deno.test("NoCloud mounts a seed that is not ISO 9660", async () => {
  const device = join(await writeTree({ "vfat.img": new Uint8Array(64 * 1024) }), "vfat.img");
  const mountPoint = await writeTree({ "meta-data": "instance-id: vfat\n", "user-data": "ud" });
  const events: string[] = [];
  const mounter: Mounter = {
    mountReadOnly(path) {
      events.push(`mount ${path}`);
      return Promise.resolve({
        path: mountPoint,
        unmount: () => Promise.resolve(void events.push("unmount")),
      });
    },
  };

  const data = assertData(
    await noCloudDataSource.probe(testContext(await makeRoot(), { seed: device, mounter })),
  );

  assertEquals(data.instanceId, "vfat");
  assertEquals(data.source, device);
  assertEquals(events, [`mount ${device}`, "unmount"]);
});

Deno.test("createProbeContext() runs no commands under --root", () => {
  const context = createProbeContext({ root: "/tmp/egs-image" });

  assertEquals(context.runCommand, undefined);
  assertEquals(context.mounter, undefined);
});

Deno.test("NoCloud rejects a seedfrom with another scheme", async () => {
  const root = await makeRoot();
  await writeUnderRoot(root, { "/proc/cmdline": "ds=nocloud;s=ftp://user:secret@host/seed/\n" });

  const error = await assertRejects(
    () => noCloudDataSource.probe(testContext(root)),
    InputError,
    'Invalid seedfrom "ftp://host/seed/"',
  );
  assert(!error.message.includes("secret"));
});
