import { assertEquals, assertThrows } from "../../_support/assert.ts";
import { signalName, signalNumber } from "../../../src/ssh/pty/signals.ts";

Deno.test("signalNumber() maps SSH names to Linux numbers", () => {
  const cases: [string, number][] = [["HUP", 1], ["INT", 2], ["KILL", 9], ["TERM", 15], [
    "USR1",
    10,
  ]];
  for (const [name, number] of cases) assertEquals(signalNumber(name), number, name);
});

Deno.test("signalNumber() accepts a SIG prefix and lower case", () => {
  assertEquals(signalNumber("SIGTERM"), 15);
  assertEquals(signalNumber("int"), 2);
});

Deno.test("signalNumber() rejects an unknown name", () => {
  assertThrows(() => signalNumber("BOGUS"), RangeError, 'Unknown signal "BOGUS"');
});

Deno.test("signalName() names known and unknown numbers", () => {
  assertEquals(signalName(2), "INT");
  assertEquals(signalName(9), "KILL");
  assertEquals(signalName(64), "SIG64");
});
