import { join } from "node:path";
import { assertEquals, assertMatch, assertRejects } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import { ensureClientKey, readClientPublicKey } from "../../src/tool/client_key.ts";

Deno.test("ensureClientKey() creates an owner-only ECDSA P-256 key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "private", "id_egs");
    const state = await ensureClientKey(path, "egs@host");
    assertEquals(state.created, true);
    assertMatch(state.publicLine, /^ecdsa-sha2-nistp256 [A-Za-z0-9+/=]+ egs@host$/);
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals((await Deno.stat(join(dir, "private"))).mode! & 0o777, 0o700);
    assertMatch(await Deno.readTextFile(path), /^-----BEGIN OPENSSH PRIVATE KEY-----/);
    assertEquals(await readClientPublicKey(path), state.publicLine);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ensureClientKey() never replaces an existing key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "id_egs");
    const first = await ensureClientKey(path, "egs@host");
    const privateText = await Deno.readTextFile(path);
    await Deno.remove(`${path}.pub`);
    const second = await ensureClientKey(path, "egs@other");
    assertEquals(second.created, false);
    assertEquals(second.publicLine, first.publicLine);
    assertEquals(await Deno.readTextFile(path), privateText);
    assertEquals((await Deno.readTextFile(`${path}.pub`)).trim(), first.publicLine);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readClientPublicKey() explains a missing or broken key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "id_egs");
    await assertRejects(() => readClientPublicKey(path), OperationError, "egs-tool initialize");
    await Deno.writeTextFile(path, "garbage");
    await assertRejects(() => readClientPublicKey(path), OperationError, "not a readable");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
