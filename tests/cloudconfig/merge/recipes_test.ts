// The merges cloud-init users ask about most, as documented in
// docs/merging.md. The expected results were checked against cloud-init
// 22.4.2's CloudConfigPartHandler.

import { CloudConfigMerger } from "../../../src/cloudconfig/merge/mod.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/mod.ts";
import { assertEquals } from "../../_support/assert.ts";

function mergeParts(...parts: string[]): Record<string, unknown> {
  const merger = new CloudConfigMerger();
  for (const part of parts) {
    merger.add(loadYaml(`#cloud-config\n${part}`) as Record<string, unknown>);
  }
  return merger.result();
}

const CASES: Record<string, { parts: string[]; expected: Record<string, unknown> }> = {
  "mappings merge key by key": {
    parts: [
      "users: {alice: {shell: sh}}\n",
      "merge_how: dict()\nusers: {alice: {shell: bash}, bob: {}}\n",
    ],
    expected: { users: { alice: { shell: "sh" }, bob: {} } },
  },
  "allow_delete removes a section": {
    parts: [
      "ntp: {enabled: true}\n",
      "merge_how: dict(allow_delete,no_replace)\nntp: null\n",
    ],
    expected: {},
  },
  "list() replaces index by index": {
    parts: ["runcmd: [a, b, c]\n", "merge_how: dict(recurse_list)+list()\nruncmd: [x]\n"],
    expected: { runcmd: ["x", "b", "c"] },
  },
  "list(append) joins runcmd": {
    parts: ["runcmd: [a]\n", "merge_how: dict(recurse_list)+list(append)\nruncmd: [x, y]\n"],
    expected: { runcmd: ["a", "x", "y"] },
  },
  "list(prepend) puts later commands first": {
    parts: ["runcmd: [a]\n", "merge_how: dict(recurse_list)+list(prepend)\nruncmd: [x, y]\n"],
    expected: { runcmd: ["x", "y", "a"] },
  },
  "recurse_dict merges users by position": {
    parts: [
      "users: [{name: a, shell: sh}]\n",
      "merge_how: dict(recurse_list)+list(recurse_dict)\nusers: [{name: a, groups: adm}]\n",
    ],
    expected: { users: [{ name: "a", shell: "sh", groups: "adm" }] },
  },
  "recurse_list without recurse_dict replaces users": {
    parts: [
      "users: [default, {name: a, shell: sh}]\n",
      "merge_how: dict(recurse_list)+list(recurse_list)\nusers: [default, {name: b}]\n",
    ],
    expected: { users: ["default", { name: "b" }] },
  },
  "append concatenates users": {
    parts: [
      "users: [default, {name: a}]\n",
      "merge_how: dict(recurse_list)+list(append)\nusers: [{name: b}]\n",
    ],
    expected: { users: ["default", { name: "a" }, { name: "b" }] },
  },
  "append joins write_files and keeps other keys": {
    parts: [
      "write_files: [{path: /a, content: x}]\nhostname: one\n",
      "merge_how: dict(recurse_list)+list(append)\nwrite_files: [{path: /b}]\nhostname: two\n",
    ],
    expected: {
      write_files: [{ path: "/a", content: "x" }, { path: "/b" }],
      hostname: "one",
    },
  },
  "str(append) extends a URL": {
    parts: [
      'phone_home: {url: "http://h/"}\n',
      'merge_how: dict(recurse_str)+str(append)\nphone_home: {url: "id"}\n',
    ],
    expected: { phone_home: { url: "http://h/id" } },
  },
  "three parts each with their own directive": {
    parts: [
      "runcmd: [a]\n",
      "merge_how: dict(recurse_list)+list(append)\nruncmd: [b]\n",
      "runcmd: [c]\n",
    ],
    expected: { runcmd: ["c"] },
  },
};

for (const [name, { parts, expected }] of Object.entries(CASES)) {
  Deno.test(`merge recipe: ${name}`, () => {
    assertEquals(mergeParts(...parts), expected);
  });
}
