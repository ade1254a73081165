import { assert, assertEquals, assertMatch } from "../_support/assert.ts";
import { ensureHostKeys } from "../../src/ssh/host_keys.ts";

async function withConfigDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("ensureHostKeys() generates ECDSA and Ed25519 keys owner-only", async () => {
  await withConfigDir(async (dir) => {
    const keys = await ensureHostKeys(dir);
    assertEquals(keys.map((key) => key.type), ["ecdsa-sha2-nistp256", "ssh-ed25519"]);
    assertEquals((await Deno.stat(`${dir}/private`)).mode! & 0o777, 0o700);
    for (const name of ["egs_host_key", "egs_host_key_ed25519"]) {
      const path = `${dir}/private/${name}`;
      assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
      assertMatch(await Deno.readTextFile(path), /^-----BEGIN OPENSSH PRIVATE KEY-----/);
    }
    assertMatch(keys[0].publicLine, /^ecdsa-sha2-nistp256 AAAA[A-Za-z0-9+/=]+$/);
    assertMatch(keys[1].fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

Deno.test("ensureHostKeys() keeps good keys across starts", async () => {
  await withConfigDir(async (dir) => {
    const first = await ensureHostKeys(dir);
    const second = await ensureHostKeys(dir);
    assertEquals(second.map((key) => key.publicLine), first.map((key) => key.publicLine));
  });
});

Deno.test("ensureHostKeys() fingerprints match ssh-keygen", async () => {
  await withConfigDir(async (dir) => {
    const [key] = await ensureHostKeys(dir);
    const output = await new Deno.Command("ssh-keygen", { args: ["-l", "-f", key.path] }).output();
    assert(output.success, new TextDecoder().decode(output.stderr));
    assertEquals(new TextDecoder().decode(output.stdout).split(" ")[1], key.fingerprint);
  });
});

Deno.test("ensureHostKeys() moves a corrupt key aside and regenerates it", async () => {
  await withConfigDir(async (dir) => {
    const first = await ensureHostKeys(dir);
    const path = `${dir}/private/egs_host_key`;
    await Deno.writeTextFile(path, "not a key\n");
    const now = new Date("2026-12-04T10:11:12Z");
    const second = await ensureHostKeys(dir, now);

    assertEquals(await Deno.readTextFile(`${path}.invalid-20261204T101112Z`), "not a key\n");
    assert(second[0].publicLine !== first[0].publicLine);
    assertEquals(second[1].publicLine, first[1].publicLine);
  });
});

Deno.test("ensureHostKeys() replaces a key of the wrong type", async () => {
  await withConfigDir(async (dir) => {
    await ensureHostKeys(dir);
    const ed25519 = await Deno.readTextFile(`${dir}/private/egs_host_key_ed25519`);
    await Deno.writeTextFile(`${dir}/private/egs_host_key`, ed25519);
    const keys = await ensureHostKeys(dir, new Date("2026-01-01T00:00:00Z"));
    assertEquals(keys[0].type, "ecdsa-sha2-nistp256");
    await Deno.stat(`${dir}/private/egs_host_key.invalid-20260101T000000Z`);
  });
});

Deno.test("ensureHostKeys() tightens loose modes without replacing keys", async () => {
  await withConfigDir(async (dir) => {
    const first = await ensureHostKeys(dir);
    await Deno.chmod(`${dir}/private`, 0o755);
    await Deno.chmod(`${dir}/private/egs_host_key`, 0o644);
    const second = await ensureHostKeys(dir);
    assertEquals(second[0].publicLine, first[0].publicLine);
    assertEquals((await Deno.stat(`${dir}/private`)).mode! & 0o777, 0o700);
    assertEquals((await Deno.stat(`${dir}/private/egs_host_key`)).mode! & 0o777, 0o600);
  });
});
