import { assertEquals } from "../_support/assert.ts";
import { contentTypeFromFirstLine } from "../../src/userdata/markers.ts";

const cases: [string, string | undefined][] = [
  ["#cloud-config\nhostname: a\n", "text/cloud-config"],
  ["#Cloud-Config\n", "text/cloud-config"],
  ["  \n#cloud-config\n", "text/cloud-config"],
  ["#cloud-config-archive\n- a\n", "text/cloud-config-archive"],
  ["#!/bin/sh\necho hi\n", "text/x-shellscript"],
  ["#ps1\nWrite-Host hi\n", "text/x-shellscript"],
  ["#ps1_sysnative\n", "text/x-shellscript"],
  ["#ps1_x86\n", "text/x-shellscript"],
  ["rem cmd\necho hi\n", "text/x-shellscript"],
  ["#cloud-boothook\n#!/bin/sh\n", "text/cloud-boothook"],
  ["#include\nhttp://127.0.0.1/a\n", "text/x-include-url"],
  ["#include-once\nhttp://127.0.0.1/a\n", "text/x-include-once-url"],
  ["#include http://127.0.0.1/a\n", "text/x-include-url"],
  ["## template: jinja\n#cloud-config\n", "text/jinja2"],
  ["##template:jinja\n#cloud-config\n", "text/jinja2"],
  ["#part-handler\n", "text/part-handler"],
  ["hostname: a\n", undefined],
  ["H4sIAAAAAAACAxXMSwqAIBRA0bmreNhY\n", undefined],
  ["", undefined],
  ["# a comment\n#cloud-config\n", undefined],
];

for (const [text, expected] of cases) {
  Deno.test(`contentTypeFromFirstLine() maps ${JSON.stringify(text.slice(0, 24))}`, () => {
    assertEquals(contentTypeFromFirstLine(text), expected);
  });
}
