import { Buffer } from "node:buffer";
import { assert, assertEquals, assertRejects } from "../_support/assert.ts";
import { findAuthorizedKey, isClientKeySlot } from "../../src/ssh/authorized_key_sources.ts";
import { FakeKvpPool } from "./_fake_kvp.ts";

const KEY_A = "AAAAC3NzaC1lZDI1NTE5AAAAIDnqUrXhVsqXFevCN1fCHb6Yoj1jFd5qWh3C9cNOxP2t";
const KEY_B = "AAAAC3NzaC1lZDI1NTE5AAAAIPa0X9jiz7Zr3d0uQGqbCGeZgF0t1Y1r8p5c7HfbwJ3k";
const NOW = new Date("2026-06-01T00:00:00Z");
const blob = (key: string) => Buffer.from(key, "base64");

async function withKeyFile(text: string | undefined, fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/id_egs.pub`;
  if (text !== undefined) await Deno.writeTextFile(path, text);
  try {
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("findAuthorizedKey() finds a key in id_egs.pub", async () => {
  await withKeyFile(`ssh-ed25519 ${KEY_A} host\n`, async (path) => {
    const lookup = await findAuthorizedKey({ keyFilePath: path }, blob(KEY_A), NOW);
    assert(lookup.found);
    assertEquals(lookup.source, path);
  });
});

Deno.test("findAuthorizedKey() reads every client key slot and nothing else", async () => {
  await withKeyFile(undefined, async (path) => {
    const pool = new FakeKvpPool();
    pool.entries.set("eryph:guest-services:client-public-key:alice-pc", `ssh-ed25519 ${KEY_A}`);
    pool.entries.set("eryph:guest-services:shell", `ssh-ed25519 ${KEY_B}`);
    const found = await findAuthorizedKey(
      { keyFilePath: path, externalPool: pool },
      blob(KEY_A),
      NOW,
    );
    assert(found.found);
    assertEquals(found.source, "kvp:eryph:guest-services:client-public-key:alice-pc");
    const other = await findAuthorizedKey(
      { keyFilePath: path, externalPool: pool },
      blob(KEY_B),
      NOW,
    );
    assertEquals(other.found, false);
  });
});

Deno.test("findAuthorizedKey() skips KVP when no pool is given", async () => {
  await withKeyFile("", async (path) => {
    const pool = new FakeKvpPool();
    pool.entries.set("eryph:guest-services:client-public-key", `ssh-ed25519 ${KEY_A}`);
    const lookup = await findAuthorizedKey({ keyFilePath: path }, blob(KEY_A), NOW);
    assertEquals(lookup.found, false);
  });
});

Deno.test("findAuthorizedKey() moves past an expired line to a valid one", async () => {
  await withKeyFile(`expiry-time="20200101" ssh-ed25519 ${KEY_A}\n`, async (path) => {
    const pool = new FakeKvpPool();
    pool.entries.set("eryph:guest-services:client-public-key", `no-pty ssh-ed25519 ${KEY_A}`);
    const lookup = await findAuthorizedKey(
      { keyFilePath: path, externalPool: pool },
      blob(KEY_A),
      NOW,
    );
    assert(lookup.found);
    assertEquals(lookup.restrictions.pty, false);
  });
});

Deno.test("findAuthorizedKey() reports rejections with the option", async () => {
  await withKeyFile(`from="10.1.1.1" ssh-ed25519 ${KEY_A}\n`, async (path) => {
    const lookup = await findAuthorizedKey({ keyFilePath: path }, blob(KEY_A), NOW);
    assert(!lookup.found);
    assertEquals(lookup.rejections.map((rejection) => [rejection.line, rejection.option]), [[
      1,
      "from",
    ]]);
  });
});

Deno.test("findAuthorizedKey() reports invalid lines and keeps going", async () => {
  await withKeyFile(`bogus line\nssh-ed25519 ${KEY_A}\n`, async (path) => {
    const invalid: number[] = [];
    const lookup = await findAuthorizedKey(
      { keyFilePath: path },
      blob(KEY_A),
      NOW,
      (_, line) => invalid.push(line),
    );
    assert(lookup.found);
    assertEquals(invalid, [1]);
  });
});

Deno.test("findAuthorizedKey() throws when the pool cannot be read", async () => {
  await withKeyFile("", async (path) => {
    const pool = new FakeKvpPool();
    pool.failReads = true;
    await assertRejects(() =>
      findAuthorizedKey({ keyFilePath: path, externalPool: pool }, blob(KEY_A), NOW)
    );
  });
});

Deno.test("isClientKeySlot() matches the legacy slot and suffixed slots", () => {
  assertEquals(isClientKeySlot("eryph:guest-services:client-public-key"), true);
  assertEquals(isClientKeySlot("eryph:guest-services:client-public-key:x"), true);
  assertEquals(isClientKeySlot("eryph:guest-services:client-public-keys"), false);
});
