import { Buffer } from "node:buffer";
import ssh2 from "ssh2";
import { parseSigningKey, repairSec1 } from "../../src/ssh/signing_key.ts";
import { assert, assertEquals } from "../_support/assert.ts";

const DATA = Buffer.from("data to sign");

function signsAndVerifies(text: string): boolean {
  const key = parseSigningKey(text);
  if (key instanceof Error) throw key;
  const signature = key.sign(DATA);
  if (signature instanceof Error) return false;
  return key.verify(DATA, signature) === true;
}

Deno.test("ECDSA keys from ssh2's generator sign after the repair", () => {
  for (let index = 0; index < 20; index++) {
    const pair = ssh2.utils.generateKeyPairSync("ecdsa", { bits: 256 });
    assert(signsAndVerifies(pair.private), `key ${index} could not sign`);
  }
});

Deno.test("ECDSA keys from ssh-keygen sign, with and without a leading zero", async () => {
  const dir = await Deno.makeTempDir({ prefix: "egs-signing-" });
  try {
    for (let index = 0; index < 12; index++) {
      const path = `${dir}/key${index}`;
      const output = await new Deno.Command("ssh-keygen", {
        args: ["-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", path],
      }).output();
      assert(output.success, new TextDecoder().decode(output.stderr));
      assert(signsAndVerifies(await Deno.readTextFile(path)), `ssh-keygen key ${index}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Ed25519 keys keep ssh2's own signing", () => {
  const pair = ssh2.utils.generateKeyPairSync("ed25519");
  const key = parseSigningKey(pair.private);
  assert(!(key instanceof Error));
  assertEquals(Object.hasOwn(key, "sign"), false);
  assert(signsAndVerifies(pair.private));
});

Deno.test("repairSec1() cuts a 33-byte private number to 32 bytes and keeps the rest", () => {
  const pair = ssh2.utils.generateKeyPairSync("ecdsa", { bits: 256 });
  const parsed = ssh2.utils.parseKey(pair.private) as ssh2.ParsedKey;
  const pem = parsed.getPrivatePEM();
  const der = (text: string) =>
    Buffer.from(
      text.split("\n").filter((line) => line && !line.startsWith("-----")).join(""),
      "base64",
    );
  const before = der(pem);
  const after = der(repairSec1(pem, 32));
  assertEquals(before[6], 33, "ssh2's SEC1 document has a 33-byte number");
  assertEquals(after[6], 32);
  assertEquals(after.subarray(7, 39), before.subarray(8, 40));
  assertEquals(after.subarray(39), before.subarray(40));
  assertEquals(repairSec1(repairSec1(pem, 32), 32), repairSec1(pem, 32));
});
