import { gzipSync } from "fflate";
import { assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { InputError } from "../../src/errors.ts";
import { processUserData } from "../../src/userdata/process_user_data.ts";
import { bytes, codes, multipart, run, text } from "./_helpers.ts";

interface MarkerCase {
  input: string;
  config: Record<string, unknown>;
  scripts: string[];
  boothooks: number;
  warnings: string[];
}

const markerCases: Record<string, MarkerCase> = {
  "#cloud-config": {
    input: "#cloud-config\nhostname: a\n",
    config: { hostname: "a" },
    scripts: [],
    boothooks: 0,
    warnings: [],
  },
  "#! script": {
    input: "#!/bin/sh\necho hi\n",
    config: {},
    scripts: ["direct"],
    boothooks: 0,
    warnings: [],
  },
  "#ps1": {
    input: "#ps1\nWrite-Host hi\n",
    config: {},
    scripts: ["powershell"],
    boothooks: 0,
    warnings: [],
  },
  "#ps1_sysnative": {
    input: "#ps1_sysnative\nWrite-Host\n",
    config: {},
    scripts: ["powershell-sysnative"],
    boothooks: 0,
    warnings: [],
  },
  "#ps1_x86": {
    input: "#ps1_x86\nWrite-Host\n",
    config: {},
    scripts: ["powershell-x86"],
    boothooks: 0,
    warnings: [],
  },
  "#cloud-boothook": {
    input: "#cloud-boothook\n#!/bin/sh\necho early\n",
    config: {},
    scripts: [],
    boothooks: 1,
    warnings: [],
  },
  "#part-handler": {
    input: "#part-handler\ndef list_types(): pass\n",
    config: {},
    scripts: [],
    boothooks: 0,
    warnings: ["part-handler-ignored"],
  },
  "#cloud-config-archive": {
    input: "#cloud-config-archive\n- type: text/cloud-config\n  content: 'a: 1'\n- '#!/bin/sh'\n",
    config: { a: 1 },
    scripts: ["direct"],
    boothooks: 0,
    warnings: [],
  },
  "unknown content": {
    input: "hostname: a\n",
    config: {},
    scripts: [],
    boothooks: 0,
    warnings: ["unrecognised-user-data"],
  },
  "empty payload": { input: "", config: {}, scripts: [], boothooks: 0, warnings: [] },
  "jinja without instance data": {
    input: "## template: jinja\n#cloud-config\nhostname: '{{ v1.local_hostname }}'\n",
    config: { hostname: "{{ v1.local_hostname }}" },
    scripts: [],
    boothooks: 0,
    warnings: ["jinja-not-rendered"],
  },
};

for (const [name, expected] of Object.entries(markerCases)) {
  Deno.test(`processUserData() handles ${name}`, async () => {
    const result = await run(expected.input);
    assertEquals(result.cloudConfig, expected.config);
    assertEquals(result.scripts.map((script) => script.interpreter), expected.scripts);
    assertEquals(result.boothooks.length, expected.boothooks);
    assertEquals(codes(result), expected.warnings);
  });
}

Deno.test("processUserData() renders jinja with instance data", async () => {
  const result = await run(
    "## template: jinja\n#cloud-config\nhostname: {{ v1.local_hostname }}\nfqdn: {{ local_hostname }}.{{ ds.meta_data.domain }}\n",
    {
      instanceData: {
        v1: { "local-hostname": "web1" },
        ds: { meta_data: { domain: "example.test" } },
      },
    },
  );
  assertEquals(result.cloudConfig, { hostname: "web1", fqdn: "web1.example.test" });
  assertEquals(result.warnings, []);
});

Deno.test("processUserData() skips an unrendered template that is not YAML", async () => {
  const result = await run(
    "## template: jinja\n#cloud-config\nhostname: {{ v1.local_hostname }}\n",
  );
  assertEquals(result.cloudConfig, {});
  assertEquals(codes(result), ["jinja-not-rendered", "jinja-unrendered-invalid"]);
});

Deno.test("processUserData() renders a jinja script", async () => {
  const result = await run("## template: jinja\n#!/bin/sh\necho {{ v1.instance_id }}\n", {
    instanceData: { v1: { instance_id: "iid-1" } },
  });
  assertEquals(text(result.scripts[0].content), "#!/bin/sh\necho iid-1\n");
});

Deno.test("processUserData() rejects a broken jinja template", async () => {
  await assertRejects(
    () => run("## template: jinja\n#cloud-config\na: {% if %}\n", { instanceData: {} }),
    InputError,
    "jinja",
  );
});

Deno.test("processUserData() rejects broken YAML naming the part", async () => {
  const error = await assertRejects(
    () => run("#cloud-config\na: [1\n", { names: ["seed/user-data"] }),
    InputError,
  );
  assertStringIncludes(error.message, "seed/user-data");
});

Deno.test("processUserData() merges payloads in order with merge directives", async () => {
  const merged = await processUserData({
    userData: [
      bytes("#cloud-config\nruncmd: [a]\n"),
      bytes("#cloud-config\nruncmd: [b]\nmerge_how: list(append)+dict(recurse_array)+str()\n"),
    ],
  });
  assertEquals(merged.cloudConfig, { runcmd: ["a", "b"] });
});

Deno.test("processUserData() honours the Merge-Type header", async () => {
  const result = await run(multipart([
    "Content-Type: text/cloud-config\n\n#cloud-config\npackages: [a]",
    "Content-Type: text/cloud-config\nMerge-Type: list(append)+dict(recurse_array)+str()\n\n#cloud-config\npackages: [b]",
  ]));
  assertEquals(result.cloudConfig, { packages: ["a", "b"] });
});

Deno.test("processUserData() sets script frequencies from the content type", async () => {
  const result = await run(multipart([
    "Content-Type: text/x-shellscript\n\n#!/bin/sh",
    "Content-Type: text/x-shellscript-per-boot\n\n#!/bin/sh",
    "Content-Type: text/x-shellscript-per-instance\n\n#!/bin/sh",
    "Content-Type: text/x-shellscript-per-once\n\n#!/bin/sh",
  ]));
  assertEquals(result.scripts.map((script) => [script.name, script.frequency]), [
    ["part-001", "per-instance"],
    ["part-002", "always"],
    ["part-003", "per-instance"],
    ["part-004", "once"],
  ]);
});

Deno.test("processUserData() keeps declared types and sniffs only plain and x-shellscript", async () => {
  const result = await run(multipart([
    "Content-Type: text/cloud-boothook\n\n#!/bin/sh\necho early",
    "Content-Type: text/x-shellscript\n\n#cloud-config\nhostname: host01",
    "Content-Type: text/plain\n\n#!/bin/sh\necho plain",
    "Content-Type: text/x-not-multipart\n\n#cloud-config\nfqdn: a.test",
  ]));
  assertEquals(result.boothooks.map((hook) => hook.name), ["part-001"]);
  assertEquals(result.scripts.map((script) => script.name), ["part-003"]);
  assertEquals(result.cloudConfig, { hostname: "host01", fqdn: "a.test" });
});

Deno.test("processUserData() warns about unsupported part types", async () => {
  const result = await run(
    multipart(["Content-Type: application/json\n\n{}", "Content-Type: text/plain\n\nhello"]),
  );
  assertEquals(codes(result), ["unsupported-content-type", "unrecognised-user-data"]);
});

Deno.test("processUserData() gunzips a gzip part with a declared gzip type", async () => {
  const compressed = btoa(String.fromCharCode(...gzipSync(bytes("#cloud-config\nhostname: z\n"))));
  const result = await run(
    multipart([
      `Content-Type: application/x-gzip\nContent-Transfer-Encoding: base64\n\n${compressed}`,
    ]),
  );
  assertEquals(result.cloudConfig, { hostname: "z" });
});

Deno.test("processUserData() reads a gzipped MIME message inside a part", async () => {
  const inner = multipart(["Content-Type: text/x-shellscript\n\n#!/bin/sh"], "inner");
  const compressed = btoa(String.fromCharCode(...gzipSync(bytes(inner))));
  const result = await run(
    multipart([
      `Content-Type: application/gzip\nContent-Transfer-Encoding: base64\n\n${compressed}`,
    ]),
  );
  assertEquals(result.scripts.length, 1);
});

Deno.test("processUserData() drops parts for another launch index", async () => {
  const message = multipart([
    "Content-Type: text/cloud-config\nLaunch-Index: 1\n\n#cloud-config\na: 1",
    "Content-Type: text/cloud-config\n\n#cloud-config\nb: 2\nlaunch-index: 2",
    "Content-Type: text/x-shellscript\nLaunch-Index: 2\n\n#!/bin/sh",
    "Content-Type: text/cloud-config\n\n#cloud-config\nc: 3",
  ]);
  const forOne = await run(message, { launchIndex: 1 });
  assertEquals(forOne.cloudConfig, { a: 1, c: 3 });
  assertEquals(forOne.scripts, []);
  const unknown = await run(message);
  assertEquals(unknown.cloudConfig, { a: 1, b: 2, "launch-index": 2, c: 3 });
  assertEquals(unknown.scripts.length, 1);
});

Deno.test("processUserData() puts vendor-data under user-data", async () => {
  const result = await processVendor(
    "#cloud-config\nhostname: user\n",
    "#cloud-config\nhostname: vendor\ntimezone: UTC\n",
  );
  assertEquals(result.cloudConfig, { hostname: "user", timezone: "UTC" });
});

Deno.test("processUserData() marks vendor scripts as vendor", async () => {
  const result = await processVendor("#!/bin/sh\necho user\n", "#!/bin/sh\necho vendor\n");
  assertEquals(result.scripts.map((script) => [script.name, script.source]), [
    ["part-001", "user"],
    ["part-001", "vendor"],
  ]);
});

function processVendor(user: string, vendor: string) {
  return processUserData({ userData: bytes(user), vendorData: bytes(vendor) });
}

Deno.test("processUserData() strips the boothook marker line", async () => {
  const result = await run("#cloud-boothook\r\n#!/bin/sh\r\necho early\r\n");
  assertEquals(text(result.boothooks[0].content), "#!/bin/sh\necho early\n");
  assertEquals(result.boothooks[0].interpreter, "direct");
});

Deno.test("processUserData() warns about duplicate script names and keeps the later one", async () => {
  const result = await run(multipart([
    'Content-Type: text/x-shellscript\nContent-Disposition: attachment; filename="a.sh"\n\n#!/bin/sh\necho 1',
    'Content-Type: text/x-shellscript\nContent-Disposition: attachment; filename="a.sh"\n\n#!/bin/sh\necho 2',
  ]));
  assertEquals(result.scripts.length, 1);
  assertStringIncludes(text(result.scripts[0].content), "echo 2");
  assertEquals(codes(result), ["duplicate-script-name"]);
});
