import { assert, assertEquals } from "../../_support/assert.ts";
import type { Problem } from "../../../src/cloudconfig/problem.ts";
import {
  looksLikeMime,
  type MimeEntity,
  parseMimeMessage,
} from "../../../src/userdata/mime/parse_mime.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parse(text: string, maxDepth = 10): { message: MimeEntity; warnings: Problem[] } {
  const warnings: Problem[] = [];
  const message = parseMimeMessage(encoder.encode(text), {
    name: "user-data",
    depth: 0,
    maxDepth,
    warnings,
  });
  return { message, warnings };
}

function multipart(boundary: string, parts: string[], closing = true): string {
  const body = parts.map((part) => `--${boundary}\n${part}\n`).join("");
  return `Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\n\n${body}${
    closing ? `--${boundary}--\n` : ""
  }`;
}

Deno.test("looksLikeMime() needs a header block naming MIME-Version or Content-Type", () => {
  assert(looksLikeMime(encoder.encode("MIME-Version: 1.0\nContent-Type: text/plain\n\nbody")));
  assert(
    looksLikeMime(
      encoder.encode("From nobody Fri Aug 31 17:17:00 2012\nContent-Type: text/plain\n\nx"),
    ),
  );
  assert(looksLikeMime(encoder.encode("content-type: text/x-shellscript\r\n\r\n#!/bin/sh\r\n")));
  assert(!looksLikeMime(encoder.encode("#cloud-config\nmime-version: 1.0\n")));
  assert(!looksLikeMime(encoder.encode("Subject: hello\n\nbody")));
  assert(!looksLikeMime(encoder.encode("")));
});

Deno.test("parseMimeMessage() splits parts and reads filenames", () => {
  const { message, warnings } = parse(multipart("b1", [
    'Content-Type: text/cloud-config\nContent-Disposition: attachment; filename="a.yaml"\n\n#cloud-config\na: 1',
    'Content-Type: text/x-shellscript; name="run.sh"\n\n#!/bin/sh\necho hi',
    "Content-Type: text/x-shellscript\n\n#!/bin/sh",
  ]));
  assertEquals(warnings, []);
  assertEquals(message.parts?.map((part) => part.contentType), [
    "text/cloud-config",
    "text/x-shellscript",
    "text/x-shellscript",
  ]);
  assertEquals(message.parts?.map((part) => part.filename), ["a.yaml", "run.sh", undefined]);
  assertEquals(decoder.decode(message.parts![0].body), "#cloud-config\na: 1");
});

const encodingCases: [string, string, string][] = [
  ["base64", "I2Nsb3VkLWNvbmZpZwph\nOiAx\n", "#cloud-config\na: 1"],
  [
    "quoted-printable",
    "#cloud-config\na: caf=C3=A9 =\nsoft\nb: =3D",
    "#cloud-config\na: café soft\nb: =",
  ],
  ["7bit", "#cloud-config\na: 1", "#cloud-config\na: 1"],
  ["8bit", "#cloud-config\na: café", "#cloud-config\na: café"],
  ["binary", "#cloud-config\na: café", "#cloud-config\na: café"],
];

for (const [encoding, body, expected] of encodingCases) {
  Deno.test(`parseMimeMessage() decodes Content-Transfer-Encoding ${encoding}`, () => {
    const { message } = parse(
      multipart("b2", [
        `Content-Type: text/cloud-config\nContent-Transfer-Encoding: ${encoding}\n\n${body}`,
      ]),
    );
    assertEquals(decoder.decode(message.parts![0].body), expected);
  });
}

Deno.test("parseMimeMessage() parses nested multiparts", () => {
  const inner = multipart("inner", ["Content-Type: text/x-shellscript\n\n#!/bin/sh"]);
  const { message } = parse(
    multipart("outer", ["Content-Type: text/cloud-config\n\n#cloud-config", inner.trimEnd()]),
  );
  assertEquals(message.parts?.length, 2);
  assertEquals(message.parts![1].contentType, "multipart/mixed");
  assertEquals(message.parts![1].parts?.[0].contentType, "text/x-shellscript");
});

Deno.test("parseMimeMessage() tolerates a missing closing boundary", () => {
  const { message, warnings } = parse(
    multipart("b3", ["Content-Type: text/cloud-config\n\n#cloud-config\na: 1"], false),
  );
  assertEquals(warnings, []);
  assertEquals(message.parts?.length, 1);
  assertEquals(decoder.decode(message.parts![0].body).trim(), "#cloud-config\na: 1");
});

Deno.test("parseMimeMessage() warns when the boundary never appears", () => {
  const { message, warnings } = parse(
    'Content-Type: multipart/mixed; boundary="nope"\n\n--other\n\nx\n',
  );
  assertEquals(message.parts, []);
  assertEquals(warnings.map((warning) => warning.code), ["mime-boundary-not-found"]);
});

Deno.test("parseMimeMessage() warns about a multipart without boundary", () => {
  const { warnings } = parse("Content-Type: multipart/mixed\n\nbody\n");
  assertEquals(warnings.map((warning) => warning.code), ["mime-boundary-missing"]);
});

Deno.test("parseMimeMessage() ignores a boundary that only prefixes a line", () => {
  const { message } = parse(multipart("b4", ["Content-Type: text/plain\n\n--b4x is text\nend"]));
  assertEquals(decoder.decode(message.parts![0].body), "--b4x is text\nend");
});

Deno.test("parseMimeMessage() handles CRLF line endings", () => {
  const text = multipart("b5", ["Content-Type: text/cloud-config\n\n#cloud-config\na: 1"])
    .replaceAll("\n", "\r\n");
  const { message } = parse(text);
  assertEquals(decoder.decode(message.parts![0].body), "#cloud-config\r\na: 1");
});

Deno.test("parseMimeMessage() stops nesting at the depth limit", () => {
  const inner = multipart("inner", ["Content-Type: text/plain\n\nx"]);
  const { message, warnings } = parse(multipart("outer", [inner.trimEnd()]), 1);
  assertEquals(message.parts![0].parts, []);
  assertEquals(warnings.map((warning) => warning.code), ["max-depth-exceeded"]);
});

Deno.test("parseMimeMessage() reads RFC 2231 filenames", () => {
  const { message } = parse(
    multipart("b6", [
      "Content-Type: text/x-shellscript\nContent-Disposition: attachment; filename*=utf-8''caf%C3%A9.sh\n\n#!/bin/sh",
    ]),
  );
  assertEquals(message.parts![0].filename, "café.sh");
});

Deno.test("parseMimeMessage() treats a non-multipart message as one leaf", () => {
  const { message } = parse(
    "From nobody Fri Aug 31 17:17:00 2012\nContent-Type: text/plain\nLaunch-Index: 5\n\n#cloud-config\nb: c\n",
  );
  assertEquals(message.parts, undefined);
  assertEquals(message.headers.get("launch-index"), "5");
  assertEquals(decoder.decode(message.body), "#cloud-config\nb: c\n");
});
