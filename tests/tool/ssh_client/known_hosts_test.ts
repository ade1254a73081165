import { Buffer } from "node:buffer";
import { createHmac } from "node:crypto";
import { assertEquals } from "../../_support/assert.ts";
import {
  appendKnownHost,
  entryMatchesHost,
  findHostEntries,
  parseKnownHosts,
  readKnownHostsFile,
} from "../../../src/tool/ssh_client/known_hosts.ts";

const KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIDFPJdP1y9B9IRp2OpFPhSMqzyBw8Gfhw9IeCbt0YRTs";

function hashedPattern(host: string): string {
  const salt = Buffer.from("0123456789abcdefghij");
  const hash = createHmac("sha1", salt).update(host).digest("base64");
  return `|1|${salt.toString("base64")}|${hash}`;
}

Deno.test("parseKnownHosts() skips comments, blanks and CA lines", () => {
  const text = [
    "# pinned by egs-tool",
    "",
    `vm1.hyper-v.alt ssh-ed25519 ${KEY} comment`,
    `@cert-authority *.example ssh-ed25519 ${KEY}`,
    "broken-line-without-key",
    `vm2 ecdsa-sha2-nistp256 ${KEY}\r`,
    `@revoked vm3 ssh-ed25519 ${KEY}`,
  ].join("\n");
  assertEquals(parseKnownHosts(text), [
    { patterns: "vm1.hyper-v.alt", keyType: "ssh-ed25519", keyBase64: KEY },
    { patterns: "vm2", keyType: "ecdsa-sha2-nistp256", keyBase64: KEY },
    { patterns: "vm3", keyType: "ssh-ed25519", keyBase64: KEY, revoked: true },
  ]);
});

Deno.test("entryMatchesHost() handles lists, wildcards and negation", () => {
  const cases: Array<[string, string, boolean]> = [
    ["vm1.hyper-v.alt", "vm1.hyper-v.alt", true],
    ["VM1.Hyper-V.alt", "vm1.hyper-v.alt", true],
    ["other,vm1.hyper-v.alt", "vm1.hyper-v.alt", true],
    ["*.hyper-v.alt", "vm1.hyper-v.alt", true],
    ["vm?.hyper-v.alt", "vm1.hyper-v.alt", true],
    ["*.hyper-v.alt,!vm1.hyper-v.alt", "vm1.hyper-v.alt", false],
    ["vm1", "vm1.hyper-v.alt", false],
    ["vm1.hyper-v-alt", "vm1.hyper-v.alt", false],
    [hashedPattern("vm1.hyper-v.alt"), "vm1.hyper-v.alt", true],
    [hashedPattern("vm2.hyper-v.alt"), "vm1.hyper-v.alt", false],
  ];
  for (const [patterns, host, expected] of cases) {
    const entry = { patterns, keyType: "ssh-ed25519", keyBase64: KEY };
    assertEquals(entryMatchesHost(entry, [host]), expected, `${patterns} vs ${host}`);
  }
});

Deno.test("findHostEntries() accepts any of the host names", () => {
  const entries = parseKnownHosts(`vm1 ssh-ed25519 ${KEY}\nvm2 ssh-ed25519 ${KEY}\n`);
  assertEquals(findHostEntries(entries, ["vm1.hyper-v.alt", "vm1"]).length, 1);
  assertEquals(findHostEntries(entries, ["vm3"]).length, 0);
});

Deno.test("appendKnownHost() creates the file with owner-only mode", async () => {
  const dir = await Deno.makeTempDir({ prefix: "egs_known_hosts_" });
  try {
    const path = `${dir}/ssh/known_hosts/vm1`;
    assertEquals(await readKnownHostsFile(path), []);
    await appendKnownHost(path, { patterns: "vm1", keyType: "ssh-ed25519", keyBase64: KEY });
    await Deno.writeTextFile(path, "vm0 ssh-rsa AAAA", { append: true });
    await appendKnownHost(path, { patterns: "vm2", keyType: "ssh-ed25519", keyBase64: KEY });
    assertEquals(
      await Deno.readTextFile(path),
      `vm1 ssh-ed25519 ${KEY}\nvm0 ssh-rsa AAAA\nvm2 ssh-ed25519 ${KEY}\n`,
    );
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
