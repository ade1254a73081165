import { assertEquals, assertThrows } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import { parsePublishedHostKeys, renderKnownHosts } from "../../src/tool/known_hosts.ts";

const ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA==";
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

Deno.test("parsePublishedHostKeys() reads one key per line and drops comments", () => {
  const keys = parsePublishedHostKeys(`${ECDSA} root@guest\n\n${ED25519}\r\n`);
  assertEquals(keys, [ECDSA, ED25519]);
});

Deno.test("parsePublishedHostKeys() returns nothing for an empty value", () => {
  assertEquals(parsePublishedHostKeys(""), []);
  assertEquals(parsePublishedHostKeys(" \n "), []);
});

Deno.test("parsePublishedHostKeys() rejects a non-key line", () => {
  assertThrows(
    () => parsePublishedHostKeys(`${ECDSA}\nnot-a-key AAAA`),
    OperationError,
    "not-a-key",
  );
  assertThrows(() => parsePublishedHostKeys("ssh-ed25519 %%%"), OperationError, "ssh-ed25519 %%%");
  assertThrows(() => parsePublishedHostKeys("ssh-ed25519"), OperationError);
});

Deno.test("renderKnownHosts() pins every key for the host name", () => {
  assertEquals(
    renderKnownHosts("abc.hyper-v.alt", [ECDSA, ED25519]),
    `abc.hyper-v.alt ${ECDSA}\nabc.hyper-v.alt ${ED25519}\n`,
  );
});
