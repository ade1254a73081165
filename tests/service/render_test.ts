import { join } from "node:path";
import { gzipSync } from "fflate";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";
import { sharedTest } from "../_support/shared.ts";
import { loadYaml } from "../../src/cloudconfig/yaml/load_yaml.ts";
import { toPlainJson } from "../../src/cloudconfig/yaml/to_plain.ts";

async function withTempFiles(
  files: Record<string, string | Uint8Array>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-render-" });
  try {
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      if (typeof content === "string") await Deno.writeTextFile(path, content);
      else await Deno.writeFile(path, content);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (let index = 1; index <= 9; index++) {
  sharedTest(`render merges cloud-init merge case ${index} like cloud-init`, async (shared) => {
    const dir = join(shared, "corpus", "cloud-init", "merge");
    const sources = [...Deno.readDirSync(dir)]
      .map((entry) => entry.name)
      .filter((name) => name.startsWith(`source${index}-`))
      .sort();
    const args = sources.flatMap((name) => ["--user-data", join(dir, name)]);
    const result = await runCli("service", [
      "render",
      ...args,
      "--format",
      "json",
      "--show-secrets",
    ]);

    assertEquals(result.code, 0, result.stderr);
    const expected = loadYaml(await Deno.readTextFile(join(dir, `expected${index}.yaml`)));
    assertEquals(JSON.parse(result.stdout).cloudConfig, toPlainJson(expected));
  });
}

Deno.test("render prints YAML then the scripts and boothooks", async () => {
  const message = [
    'Content-Type: multipart/mixed; boundary="b"',
    "MIME-Version: 1.0",
    "",
    "--b",
    "Content-Type: text/cloud-config",
    "",
    "#cloud-config",
    'hostname: "NO"',
    "--b",
    "Content-Type: text/x-shellscript",
    "",
    "#!/bin/sh",
    "echo hi",
    "--b",
    "Content-Type: text/cloud-boothook",
    "",
    "#!/bin/sh",
    "--b--",
    "",
  ].join("\n");
  await withTempFiles({ "user-data": message }, async (dir) => {
    const result = await runCli("service", ["render", "--user-data", join(dir, "user-data")]);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stdout, 'hostname: "NO"\n');
    assertMatch(
      result.stdout,
      /# scripts:\n# {3}part-002 \(user, text\/x-shellscript, per-instance, direct, 17 bytes\)/,
    );
    assertMatch(result.stdout, /# boothooks:\n# {3}part-003 \(user, direct, 9 bytes\)/);
  });
});

Deno.test("render redacts secrets unless --show-secrets is given", async () => {
  const config =
    "#cloud-config\npassword: hunter2\nchpasswd:\n  users:\n    - {name: a, password: pw}\nusers:\n  - name: a\n    passwd: $6$hash\n";
  await withTempFiles({ "user-data": config }, async (dir) => {
    const redacted = await runCli("service", [
      "render",
      "--user-data",
      join(dir, "user-data"),
      "--json",
    ]);
    assertEquals(redacted.code, 0, redacted.stderr);
    for (const secret of ["hunter2", "$6$hash", '"pw"']) {
      assert(!redacted.stdout.includes(secret), secret);
    }
    assertEquals(JSON.parse(redacted.stdout).cloudConfig.users[0], {
      name: "a",
      passwd: "<redacted>",
    });

    const unredacted = await runCli("service", [
      "render",
      "--user-data",
      join(dir, "user-data"),
      "--json",
      "--show-secrets",
    ]);
    assertStringIncludes(unredacted.stdout, "hunter2");
  });
});

Deno.test("render --typed redacts the typed secrets in YAML and JSON", async () => {
  const config = [
    "#cloud-config",
    "users:",
    "  - name: a",
    "    plain_text_passwd: PlainSecret1",
    "    hashed_passwd: $6$HashSecret2",
    "ssh_keys:",
    "  rsa_private: PrivateKeySecret3",
    "  rsa_public: ssh-rsa AAAA",
    "chpasswd:",
    "  users:",
    "    - {name: root, password: ChpasswdSecret4, type: text}",
    "",
  ].join("\n");
  await withTempFiles({ "user-data": config }, async (dir) => {
    for (const format of [[], ["--json"]]) {
      const result = await runCli("service", [
        "render",
        "--typed",
        "--user-data",
        join(dir, "user-data"),
        ...format,
      ]);
      assertEquals(result.code, 0, result.stderr);
      for (
        const secret of ["PlainSecret1", "HashSecret2", "PrivateKeySecret3", "ChpasswdSecret4"]
      ) {
        assert(!result.stdout.includes(secret), `${secret} in ${format.join("") || "YAML"}`);
      }
      // Names and key paths of the password entries are not secrets.
      assertStringIncludes(result.stdout, "chpasswd.users[0]");
      assertStringIncludes(result.stdout, "ssh-rsa AAAA");
    }
  });
});

Deno.test("render merges vendor-data under user-data", async () => {
  await withTempFiles({
    "user-data": "#cloud-config\nhostname: user\n",
    "vendor-data": "#cloud-config\nhostname: vendor\nntp: {enabled: true}\n",
  }, async (dir) => {
    const result = await runCli("service", [
      "render",
      "--user-data",
      join(dir, "user-data"),
      "--vendor-data",
      join(dir, "vendor-data"),
      "--format",
      "json",
    ]);
    assertEquals(result.code, 0, result.stderr);
    assertEquals(JSON.parse(result.stdout).cloudConfig, {
      hostname: "user",
      ntp: { enabled: true },
    });
  });
});

Deno.test("render renders jinja with --instance-data", async () => {
  await withTempFiles({
    "user-data": "## template: jinja\n#cloud-config\nhostname: {{ v1.local_hostname }}\n",
    "instance-data.json": JSON.stringify({ v1: { local_hostname: "web1" } }),
  }, async (dir) => {
    const result = await runCli("service", [
      "render",
      "--user-data",
      join(dir, "user-data"),
      "--instance-data",
      join(dir, "instance-data.json"),
    ]);
    assertEquals(result.code, 0, result.stderr);
    assertEquals(result.stdout, "hostname: web1\n");
  });
});

Deno.test("render decodes base64 only with --base64", async () => {
  const encoded = btoa(
    String.fromCharCode(...gzipSync(new TextEncoder().encode("#cloud-config\na: 1\n"))),
  );
  await withTempFiles({ "custom-data": encoded }, async (dir) => {
    const plain = await runCli("service", [
      "render",
      "--user-data",
      join(dir, "custom-data"),
      "--json",
    ]);
    assertEquals(JSON.parse(plain.stdout).cloudConfig, {});
    assertMatch(plain.stderr, /unrecognised user-data/i);
    const decoded = await runCli("service", [
      "render",
      "--base64",
      "--user-data",
      join(dir, "custom-data"),
      "--json",
    ]);
    assertEquals(JSON.parse(decoded.stdout).cloudConfig, { a: 1 });
  });
});

Deno.test("render exits 2 for unparseable input", async () => {
  await withTempFiles({ "user-data": "#cloud-config\na: [1\n" }, async (dir) => {
    const result = await runCli("service", ["render", "--user-data", join(dir, "user-data")]);
    assertEquals(result.code, 2);
    assertStringIncludes(result.stderr, "user-data");
  });
});

Deno.test("render exits 2 for a missing file", async () => {
  const result = await runCli("service", ["render", "--user-data", "/nonexistent/user-data"]);
  assertEquals(result.code, 2);
  assertStringIncludes(result.stderr, 'Cannot read "/nonexistent/user-data"');
});

Deno.test("render exits 2 without input", async () => {
  const result = await runCli("service", ["render"]);
  assertEquals(result.code, 2);
  assertStringIncludes(result.stderr, "--user-data");
});

Deno.test("render --typed prints the normalised form", async () => {
  await withTempFiles({
    "user-data": "#cloud-config\nusers:\n  - name: a\n    groups: adm, sudo\n",
  }, async (dir) => {
    const result = await runCli("service", [
      "render",
      "--typed",
      "--json",
      "--user-data",
      join(dir, "user-data"),
    ]);
    assertEquals(result.code, 0, result.stderr);
    const users = JSON.parse(result.stdout).cloudConfig.users;
    assertEquals(users[0].groups, ["adm", "sudo"]);
  });
});

Deno.test("render reads user-data from stdin", async () => {
  const result = await runCli("service", ["render", "--user-data", "-", "--json"], {
    stdin: "#cloud-config\nb: 2\n",
  });
  assertEquals(result.code, 0, result.stderr);
  assertEquals(JSON.parse(result.stdout).cloudConfig, { b: 2 });
});
