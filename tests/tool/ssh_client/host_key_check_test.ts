import { Buffer } from "node:buffer";
import { assert, assertEquals, assertStringIncludes } from "../../_support/assert.ts";
import { checkHostKey, fingerprintOfBlob } from "../../../src/tool/ssh_client/host_key_check.ts";

const PINNED = "AAAAC3NzaC1lZDI1NTE5AAAAIDFPJdP1y9B9IRp2OpFPhSMqzyBw8Gfhw9IeCbt0YRTs";
const OTHER = "AAAAC3NzaC1lZDI1NTE5AAAAIHl2bq1oH1lQ8gqk0b0y7vJ8b1kK7ZkCk8nq0Yt4b8bN";
const HOSTS = ["vm1.hyper-v.alt", "vm1"];

async function withKnownHosts(text: string | undefined, fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "egs_host_key_" });
  const path = `${dir}/known_hosts`;
  if (text !== undefined) await Deno.writeTextFile(path, text);
  try {
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("checkHostKey() accepts the pinned key", async () => {
  await withKnownHosts(`vm1.hyper-v.alt ssh-ed25519 ${PINNED}\n`, async (path) => {
    const verdict = await checkHostKey(Buffer.from(PINNED, "base64"), {
      knownHostsPath: path,
      hostNames: HOSTS,
      acceptNew: false,
    });
    assertEquals(verdict, { accepted: true, pinned: false });
  });
});

Deno.test("checkHostKey() rejects a different key", async () => {
  await withKnownHosts(`vm1 ssh-ed25519 ${PINNED}\n`, async (path) => {
    const blob = Buffer.from(OTHER, "base64");
    const verdict = await checkHostKey(blob, {
      knownHostsPath: path,
      hostNames: HOSTS,
      acceptNew: true,
    });
    assert(!verdict.accepted);
    assertStringIncludes(verdict.reason, "Host key mismatch for vm1.hyper-v.alt");
    assertStringIncludes(verdict.reason, fingerprintOfBlob(blob));
    assertEquals(await Deno.readTextFile(path), `vm1 ssh-ed25519 ${PINNED}\n`);
  });
});

Deno.test("checkHostKey() rejects an unpinned guest by default", async () => {
  await withKnownHosts(undefined, async (path) => {
    const verdict = await checkHostKey(Buffer.from(PINNED, "base64"), {
      knownHostsPath: path,
      hostNames: HOSTS,
      acceptNew: false,
    });
    assert(!verdict.accepted);
    assertStringIncludes(verdict.reason, "No pinned host key for vm1.hyper-v.alt");
    assertStringIncludes(verdict.reason, "--accept-new");
  });
});

Deno.test("checkHostKey() pins an unknown key with accept-new", async () => {
  await withKnownHosts(`other ssh-ed25519 ${OTHER}\n`, async (path) => {
    const blob = Buffer.from(PINNED, "base64");
    const policy = { knownHostsPath: path, hostNames: HOSTS, acceptNew: true };
    assertEquals(await checkHostKey(blob, policy), { accepted: true, pinned: true });
    assertEquals(
      await Deno.readTextFile(path),
      `other ssh-ed25519 ${OTHER}\nvm1.hyper-v.alt ssh-ed25519 ${PINNED}\n`,
    );
    assertEquals(await checkHostKey(blob, policy), { accepted: true, pinned: false });
  });
});

Deno.test("fingerprintOfBlob() matches ssh-keygen's form", () => {
  assertEquals(
    fingerprintOfBlob(Buffer.from(PINNED, "base64")),
    "SHA256:wGF2pbL1S29klcb3WC03uy9rAUmRRHCs5xYQTle3iwY",
  );
});

Deno.test("checkHostKey() rejects a revoked key", async () => {
  const text = `vm1 ssh-ed25519 ${PINNED}\n@revoked vm1 ssh-ed25519 ${PINNED}\n`;
  await withKnownHosts(text, async (path) => {
    const verdict = await checkHostKey(Buffer.from(PINNED, "base64"), {
      knownHostsPath: path,
      hostNames: HOSTS,
      acceptNew: true,
    });
    assert(!verdict.accepted);
    assertStringIncludes(verdict.reason, "is marked @revoked");
  });
});
