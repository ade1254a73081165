// User-data and vendor-data as EGS combines them: each stream merged part by
// part, then the two results layered with user-data first. The expected
// results were checked against cloud-init 22.4.2 (CloudConfigPartHandler per
// stream, then util.mergemanydict).

import { CloudConfigMerger, mergeManyDicts } from "../../../src/cloudconfig/merge/mod.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/mod.ts";
import { assertEquals } from "../../_support/assert.ts";

function mergeStream(...parts: string[]): Record<string, unknown> {
  const merger = new CloudConfigMerger();
  for (const part of parts) {
    merger.add(loadYaml(`#cloud-config\n${part}`) as Record<string, unknown>);
  }
  return merger.result();
}

const USER_DATA = "runcmd: [u]\npackages: [a]\n";

Deno.test("layering keeps user-data lists over vendor-data", () => {
  const userData = mergeStream(USER_DATA);
  const vendorData = mergeStream(
    "runcmd: [v]\nmerge_how: dict(recurse_list)+list(append)\nntp: {enabled: true}\npackages: [b]\n",
  );

  assertEquals(vendorData, { runcmd: ["v"], ntp: { enabled: true }, packages: ["b"] });
  assertEquals(mergeManyDicts([userData, vendorData]), {
    runcmd: ["u"],
    packages: ["a"],
    ntp: { enabled: true },
  });
});

Deno.test("layering ignores merge_how between vendor-data parts", () => {
  const vendorData = mergeStream(
    "runcmd: [v1]\n",
    "runcmd: [v2]\nmerge_how: dict(recurse_list)+list(append)\n",
  );

  assertEquals(vendorData, { runcmd: ["v1", "v2"] });
  assertEquals(mergeManyDicts([mergeStream(USER_DATA), vendorData]), {
    runcmd: ["u"],
    packages: ["a"],
  });
});

Deno.test("layering applies a leftover merge_type", () => {
  const directive = "dict(recurse_list)+list(append)";
  const vendorData = mergeStream(
    `runcmd: [v]\nmerge_how: ${directive}\nmerge_type: ${directive}\n`,
  );

  assertEquals(vendorData, { runcmd: ["v"], merge_type: directive });
  assertEquals(mergeManyDicts([mergeStream(USER_DATA), vendorData]), {
    runcmd: ["u", "v"],
    packages: ["a"],
  });
});

Deno.test("layering fills nested keys from vendor-data", () => {
  const userData = mergeStream("users: [default, {name: a}]\nntp: {enabled: true}\n");
  const vendorData = mergeStream(
    "users: [{name: vendoruser}]\nhostname: vendor\nntp: {enabled: false, servers: [x]}\n",
  );

  assertEquals(mergeManyDicts([userData, vendorData]), {
    users: ["default", { name: "a" }],
    hostname: "vendor",
    ntp: { enabled: true, servers: ["x"] },
  });
});

Deno.test("layering leaves both layers unchanged", () => {
  const userData = mergeStream(USER_DATA);
  const vendorData = mergeStream("runcmd: [v]\nmerge_type: dict(recurse_list)+list(append)\n");
  mergeManyDicts([userData, vendorData]);

  assertEquals(userData, { runcmd: ["u"], packages: ["a"] });
  assertEquals(vendorData, { runcmd: ["v"] });
});
