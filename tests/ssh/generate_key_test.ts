import ssh2 from "ssh2";
import { assert, assertEquals } from "../_support/assert.ts";
import { generateCheckedKeyPair } from "../../src/ssh/generate_key.ts";

// ssh2 writes an unparsable Ed25519 key a few times per thousand under Deno,
// so 2,000 keys would include broken ones without the check.
Deno.test("generateCheckedKeyPair() returns only parsable keys", () => {
  for (let index = 0; index < 2000; index++) {
    const pair = generateCheckedKeyPair("ed25519");
    const parsed = ssh2.utils.parseKey(pair.private);
    assert(!(parsed instanceof Error), `key ${index} does not parse`);
  }
});

Deno.test("generateCheckedKeyPair() makes ECDSA P-256 keys", () => {
  const pair = generateCheckedKeyPair("ecdsa", { bits: 256, comment: "host" });
  const parsed = ssh2.utils.parseKey(pair.private);
  assert(!(parsed instanceof Error));
  assertEquals((parsed as ssh2.ParsedKey).type, "ecdsa-sha2-nistp256");
});
