import { keyBlobOf, mergeAuthorizedKeys } from "../../../src/platform/linux/authorized_keys.ts";
import { assertEquals } from "../../_support/assert.ts";

const OPTIONED =
  'restrict,from="192.0.2.0/24,198.51.100.7",command="/bin/echo \\"hello alice\\"" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBIrGWKL6+hl4VIFs3lHZ9aJOH8SY+/8ADQMqNf4y7ZQ alice@example.com';
const PLAIN =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINcSUDzJ2CSoUbuu98tQHD/f5MH0XCtpDTgIIAOPdsSL alice-laptop@example.com";

Deno.test("keyBlobOf() finds the key behind quoted options", () => {
  assertEquals(
    keyBlobOf(OPTIONED),
    "AAAAC3NzaC1lZDI1NTE5AAAAIBIrGWKL6+hl4VIFs3lHZ9aJOH8SY+/8ADQMqNf4y7ZQ",
  );
  assertEquals(
    keyBlobOf(PLAIN),
    "AAAAC3NzaC1lZDI1NTE5AAAAINcSUDzJ2CSoUbuu98tQHD/f5MH0XCtpDTgIIAOPdsSL",
  );
  assertEquals(keyBlobOf('command="ssh-rsa AAAA fake" ecdsa-sha2-nistp256 BLOB c'), "BLOB");
  assertEquals(keyBlobOf("# ssh-rsa AAAA"), undefined);
  assertEquals(keyBlobOf(""), undefined);
});

Deno.test("mergeAuthorizedKeys() writes new lines byte for byte", () => {
  assertEquals(mergeAuthorizedKeys("", [OPTIONED, PLAIN]), `${OPTIONED}\n${PLAIN}\n`);
});

Deno.test("mergeAuthorizedKeys() keeps existing lines and skips duplicates", () => {
  const existing = `# managed\n${PLAIN}\n`;
  assertEquals(
    mergeAuthorizedKeys(existing, [PLAIN, OPTIONED, OPTIONED]),
    `# managed\n${PLAIN}\n${OPTIONED}\n`,
  );
});

Deno.test("mergeAuthorizedKeys() replaces the options of a key already present", () => {
  const bare = OPTIONED.slice(OPTIONED.indexOf("ssh-ed25519"));
  assertEquals(mergeAuthorizedKeys(`${bare}\n${PLAIN}\n`, [OPTIONED]), `${OPTIONED}\n${PLAIN}\n`);
});
