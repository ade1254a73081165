import { assertEquals, assertThrows } from "../../_support/assert.ts";
import { OperationError } from "../../../src/errors.ts";
import {
  buildPowerShellCommand,
  encodeUtf16Base64,
  parsePowerShellOutput,
} from "../../../src/kvp/host/powershell_runner.ts";

function decodeUtf16Base64(text: string): string {
  const bytes = Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
  return new TextDecoder("utf-16le").decode(bytes);
}

Deno.test("buildPowerShellCommand() keeps the data out of the script", () => {
  const input = { vmId: "'; Remove-Item C:\\ -Recurse; '", group: "guest" };
  const command = buildPowerShellCommand("Write-Output 1", input);
  assertEquals(command.executable, "powershell.exe");
  assertEquals(command.args.slice(0, 3), ["-NoLogo", "-NoProfile", "-NonInteractive"]);
  assertEquals(command.args[command.args.length - 2], "-EncodedCommand");
  const script = decodeUtf16Base64(command.args[command.args.length - 1]);
  assertEquals(script.endsWith("Write-Output 1"), true);
  assertEquals(script.includes("Remove-Item"), false);
  assertEquals(script.includes("ConvertFrom-Json"), true);
  assertEquals(script.includes("function Write-Result"), true);
  assertEquals(JSON.parse(command.stdin), input);
});

Deno.test("encodeUtf16Base64() encodes UTF-16LE", () => {
  assertEquals(encodeUtf16Base64("a☺"), btoa("a\u0000\u003a\u0026"));
});

Deno.test("parsePowerShellOutput() decodes base64 UTF-8 JSON", () => {
  const encoded = btoa(String.fromCharCode(...new TextEncoder().encode('{"items":["é"]}')));
  assertEquals(parsePowerShellOutput(`${encoded}\r\n`), { items: ["é"] });
  assertEquals(parsePowerShellOutput(""), null);
});

Deno.test("parsePowerShellOutput() rejects other output", () => {
  assertThrows(() => parsePowerShellOutput("WARNING: x"), OperationError, "WARNING: x");
  assertThrows(() => parsePowerShellOutput(btoa("not json")), OperationError, "Write-Result");
});
