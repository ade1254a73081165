import { gzipSync } from "fflate";
import { assertEquals, assertThrows } from "../_support/assert.ts";
import { InputError } from "../../src/errors.ts";
import { decodePayload, detectUtf16 } from "../../src/userdata/decode.ts";

const encoder = new TextEncoder();
const text = "#cloud-config\nhostname: host01\n";

function decodeText(bytes: Uint8Array, base64 = false): string {
  return new TextDecoder().decode(
    decodePayload(bytes, { name: "user-data", base64, maxBytes: 1 << 20 }),
  );
}

function base64Wrapped(bytes: Uint8Array, width: number): string {
  const text = btoa(String.fromCharCode(...bytes));
  return text.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n") + "\n";
}

Deno.test("decodePayload() passes plain UTF-8 through", () => {
  assertEquals(decodeText(encoder.encode(text)), text);
});

Deno.test("decodePayload() gunzips by magic bytes", () => {
  assertEquals(decodeText(gzipSync(encoder.encode(text))), text);
});

Deno.test("decodePayload() strips a UTF-8 byte order mark", () => {
  assertEquals(decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, ...encoder.encode(text))), text);
});

Deno.test("decodePayload() decodes line-wrapped base64 only when asked", () => {
  const wrapped = encoder.encode(base64Wrapped(gzipSync(encoder.encode(text)), 20));
  assertEquals(decodeText(wrapped, true), text);
  assertEquals(decodeText(wrapped, false), new TextDecoder().decode(wrapped));
});

Deno.test("decodePayload() rejects invalid base64 with InputError", () => {
  assertThrows(() => decodeText(encoder.encode("#cloud-config\n"), true), InputError, "base64");
});

Deno.test("decodePayload() rejects base64 with a lone last character", () => {
  for (const payload of ["/=", "QUJDR"]) {
    assertThrows(() => decodeText(encoder.encode(payload), true), InputError, "no whole byte");
  }
  assertThrows(() => decodeText(encoder.encode("QUJDR==="), true), InputError, "alphabet");
});

Deno.test("decodePayload() decodes unpadded base64", () => {
  assertEquals(decodeText(encoder.encode("QUJDRA"), true), "ABCD");
  assertEquals(decodeText(encoder.encode("QUJDRA=="), true), "ABCD");
});

Deno.test("decodePayload() rejects UTF-16 naming the encoding and the fix", () => {
  const le = Uint8Array.of(0xff, 0xfe, ...[...text].flatMap((char) => [char.charCodeAt(0), 0]));
  const error = assertThrows(() => decodeText(le), InputError, "UTF-16LE");
  assertEquals(error.message.includes("Save the file as UTF-8"), true);
});

Deno.test("detectUtf16() finds UTF-16 without a byte order mark", () => {
  const le = Uint8Array.from([...text].flatMap((char) => [char.charCodeAt(0), 0]));
  const be = Uint8Array.from([...text].flatMap((char) => [0, char.charCodeAt(0)]));
  assertEquals(detectUtf16(le), "UTF-16LE");
  assertEquals(detectUtf16(be), "UTF-16BE");
  assertEquals(detectUtf16(encoder.encode(text)), undefined);
});

Deno.test("decodePayload() rejects gzip that expands past the limit", () => {
  const big = gzipSync(new Uint8Array(4096));
  assertThrows(
    () => decodePayload(big, { name: "user-data", maxBytes: 1024 }),
    InputError,
    "more than 1024 bytes",
  );
});

Deno.test("decodePayload() rejects corrupt gzip with InputError", () => {
  assertThrows(() => decodeText(Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3)), InputError, "gzip");
});
