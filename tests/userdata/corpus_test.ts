import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import type { Fetcher } from "../../src/userdata/fetcher.ts";
import { processUserData } from "../../src/userdata/process_user_data.ts";
import { bytes, codes, text } from "./_helpers.ts";

const samples = (shared: string, name: string) =>
  join(shared, "corpus", "egs", "samples", "cloud-configs", name);
const multipartCorpus = (shared: string, name: string) =>
  join(shared, "corpus", "cloud-init", "multipart", name);

sharedTest("sample 05 multipart gives config and a sysnative PowerShell script", async (shared) => {
  const result = await processUserData({
    userData: await Deno.readFile(samples(shared, "05-multipart-mixed.mime")),
  });
  assertEquals(result.cloudConfig["hostname"], "eryph-multipart-sample");
  assertEquals(result.scripts.map((script) => [script.name, script.interpreter]), [
    ["part-02-bootstrap.ps1", "powershell-sysnative"],
  ]);
});

sharedTest("sample 06 include is served from a loopback server", async (shared) => {
  const included = await Deno.readFile(samples(shared, "01-minimal-admin-user.yaml"));
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) =>
      new URL(request.url).pathname === "/samples/01-minimal-admin-user.yaml"
        ? new Response(included)
        : new Response("missing", { status: 404 }),
  );
  try {
    const original = await Deno.readTextFile(samples(shared, "06-include-url.txt"));
    const rewritten = original.replace(
      "file:///{{SAMPLES_DIR}}",
      `http://127.0.0.1:${server.addr.port}/samples`,
    );
    const result = await processUserData({ userData: bytes(rewritten) });
    const users = result.cloudConfig["users"] as { name: string }[];
    assertEquals(users.map((user) => user.name), ["admin"]);
    assertEquals(result.warnings, []);
  } finally {
    await server.shutdown();
  }
});

sharedTest("sample 07 is a sysnative PowerShell script", async (shared) => {
  const result = await processUserData({
    userData: await Deno.readFile(samples(shared, "07-windows-shellscript.ps1")),
  });
  assertEquals(result.cloudConfig, {});
  assertEquals(result.scripts.map((script) => script.interpreter), ["powershell-sysnative"]);
});

sharedTest("sample 12 works as user-data and as vendor-data under user-data", async (shared) => {
  const sample = await Deno.readFile(samples(shared, "12-vendor-and-user.yaml"));
  const alone = await processUserData({ userData: sample });
  assertEquals(alone.cloudConfig["hostname"], "eryph-vendor-12");
  const layered = await processUserData({
    userData: bytes("#cloud-config\nhostname: from-user\n"),
    vendorData: sample,
  });
  assertEquals(layered.cloudConfig["hostname"], "from-user");
  assertEquals((layered.cloudConfig["runcmd"] as string[]).length, 1);
});

sharedTest("Azure include fixture decodes base64 parts", async (shared) => {
  const fixture = join(
    shared,
    "corpus",
    "egs",
    "test",
    "fixtures",
    "userdata",
    "azure-winsrv2022-include.bin",
  );
  const result = await processUserData({ userData: await Deno.readFile(fixture) });
  assertEquals(result.scripts.map((script) => [script.name, script.interpreter]), [
    ["enable_azure_agent.ps1", "powershell"],
    ["enable_rd.ps1", "powershell"],
  ]);
  assertStringIncludes(text(result.scripts[0].content), "Set-Service WindowsAzureGuestAgent");
  const users = result.cloudConfig["users"] as { name: string; groups: string[] }[];
  assertEquals(users[0].name, "Admin");
  assertEquals(users[0].groups, ["Administrators"]);
});

sharedTest("cloud-init multipart corpus: user_data.1.txt", async (shared) => {
  const result = await processUserData({
    userData: await Deno.readFile(multipartCorpus(shared, "user_data.1.txt")),
  });
  assertEquals(result.cloudConfig, {
    write_files: [{ content: "blah", path: "/etc/blah.ini", permissions: "493" }],
  });
});

sharedTest("cloud-init multipart corpus: email with Unix From line", async (shared) => {
  const result = await processUserData({
    userData: await Deno.readFile(multipartCorpus(shared, "filter_cloud_multipart_1.email")),
  });
  assertEquals(result.cloudConfig, { b: "c", "launch-index": 2 });
});

sharedTest("cloud-init multipart corpus: Launch-Index header filters", async (shared) => {
  const userData = await Deno.readFile(
    multipartCorpus(shared, "filter_cloud_multipart_header.email"),
  );
  assertEquals((await processUserData({ userData, launchIndex: 5 })).cloudConfig, { b: "c" });
  assertEquals((await processUserData({ userData, launchIndex: 4 })).cloudConfig, {});
});

sharedTest("cloud-init multipart corpus: archive and configs inside MIME", async (shared) => {
  const userData = await Deno.readFile(multipartCorpus(shared, "filter_cloud_multipart_2.email"));
  const forTwo = await processUserData({ userData, launchIndex: 2 });
  assertEquals(forTwo.cloudConfig, { b: "c", "launch-index": 2 });
  assertEquals(forTwo.warnings, []);
  const forThree = await processUserData({ userData, launchIndex: 3 });
  assertEquals(forThree.cloudConfig, {});
  assertEquals(codes(forThree), ["unsupported-content-type"]);
});

sharedTest("cloud-init multipart corpus: archive filtered by launch index", async (shared) => {
  const userData = await Deno.readFile(multipartCorpus(shared, "filter_cloud_multipart.yaml"));
  const all = await processUserData({ userData });
  assertEquals(all.cloudConfig, { blah: true, "launch-index": 4 });
  assertEquals(all.scripts.map((script) => script.name), ["b2.txt"]);

  const forOne = await processUserData({ userData, launchIndex: 1 });
  assertEquals(forOne.cloudConfig, {});
  assertEquals(forOne.scripts.length, 1);

  const forThree = await processUserData({ userData, launchIndex: 3 });
  assertEquals(forThree.cloudConfig, { blah: true, "launch-index": 3 });
  assertEquals(forThree.scripts.length, 0);
  assertEquals(codes(forThree), ["unsupported-content-type"]);
});

sharedTest("sample 06 include fails with a warning when the URL is unreachable", async (shared) => {
  const original = await Deno.readTextFile(samples(shared, "06-include-url.txt"));
  const fetcher: Fetcher = { fetch: () => Promise.reject(new Error("no network in this test")) };
  const result = await processUserData({ userData: bytes(original), fetcher });
  assertEquals(codes(result), ["include-failed"]);
});
