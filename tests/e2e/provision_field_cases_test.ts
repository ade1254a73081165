/**
 * End-to-end provisioning of the field cases in the shared folder: each
 * case's `user-data` and `meta-data` (and the variants a case ships) run
 * through `egs-service run --seed DIR --root ROOT`, and the facts the case
 * expects are checked in the root's own files. Where EGS decided to differ
 * from cloud-init, EGS's behaviour is what is checked. Windows facts are left
 * to Windows tests. Needs root and the shared folder (EGS_SHARED_DIR).
 */

import { join } from "node:path";
import { openKvpStore } from "../../src/kvp/open_store.ts";
import { KvpPoolId } from "../../src/kvp/pool.ts";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_support/assert.ts";
import { copyDebianRoot } from "../_support/debian_root.ts";
import { sharedPath } from "../_support/shared.ts";
import {
  entryOf,
  existsInRoot,
  groupsOf,
  hasCommand,
  modeAndOwner,
  provision,
  type ProvisionResult,
  readInRoot,
} from "./_provision_support.ts";

const casesDir = sharedPath("cases");
const canRun = Deno.uid() === 0 && casesDir !== undefined && await hasCommand("perl", "-v");
if (casesDir === undefined) {
  console.error("Skipping the field case tests: set EGS_SHARED_DIR (default ../shared).");
}

const STATE_DIR = "var/lib/eryph/provisioning";
const LOG_FILE = "var/log/eryph/guest-services/egs-provisioning.log";

/**
 * Copies a case's `meta-data` (and `network-config`) into a fresh seed
 * directory, with `userDataFile` of the case as its `user-data`. A case folder
 * is not used as the seed itself, because its other files (such as
 * `ovf-env.xml`) would make another datasource match first.
 */
async function caseSeed(work: string, name: string, userDataFile = "user-data"): Promise<string> {
  const source = join(casesDir!, name);
  const seed = await Deno.makeTempDir({ dir: work, prefix: `${name}-` });
  for (const file of ["meta-data", "network-config"]) {
    try {
      await Deno.copyFile(join(source, file), join(seed, file));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  await Deno.copyFile(join(source, userDataFile), join(seed, "user-data"));
  return seed;
}

/** Parses the JSON log records that a run wrote to stderr. */
function logRecords(result: ProvisionResult): { level: string; message: string }[] {
  return result.stderr.split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: string; message: string });
}

function warningsOf(result: ProvisionResult): string[] {
  return logRecords(result)
    .filter((record) => record.level === "WARN" || record.level === "ERROR")
    .map((record) => record.message)
    // A minbase root has no OpenSSH, so host key generation always warns.
    .filter((message) => !message.includes("ssh-keygen") && !message.includes("host key"));
}

/** Verifies `password` against a crypt(3) hash with perl's crypt, which libxcrypt backs. */
async function passwordMatches(hash: string, password: string): Promise<boolean> {
  const output = await new Deno.Command("perl", {
    args: ["-e", "print crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 'yes' : 'no'", password, hash],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(output.stdout) === "yes";
}

/** Lists regular files under `dir` changed at or after `since`, skipping pseudo filesystems. */
async function filesChangedSince(dir: string, since: number): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      if (!["proc", "sys", "dev"].includes(entry.name)) {
        found.push(...await filesChangedSince(path, since));
      }
    } else if (entry.isFile) {
      const info = await Deno.lstat(path);
      if ((info.mtime?.getTime() ?? 0) >= since) found.push(path);
    }
  }
  return found;
}

Deno.test({
  name: "run applies the provisioning field cases",
  ignore: !canRun,
  async fn(t) {
    const work = await Deno.makeTempDir({ prefix: "egs-e2e-cases-" });
    const root = await copyDebianRoot(join(work, "root"));
    const run = async (name: string, userDataFile?: string, args: string[] = [], code = 0) =>
      await provision(root, ["--seed", await caseSeed(work, name, userDataFile), ...args], code);

    try {
      await t.step("declared boothook type wins over sniffing", async () => {
        const result = await run("bug-01");
        assertEquals(result.report?.status, "completed");
        assertEquals(result.report?.errors, []);
        assertEquals(
          await readInRoot(root, "var/tmp/bug01-order"),
          "boothook iid-bug-01\nscript\n",
        );
        assertEquals(await readInRoot(root, "etc/hostname"), "host01\n");
        const text = result.stderr.toLowerCase();
        assert(!text.includes("exec format"), "no exec format error is logged");
        assert(!text.includes("settings.txt"), "the cloud-config part is never run as a program");
        const user = result.report?.actions.find((action) => action.module === "scripts_user");
        assertEquals(user?.action, "run");
      });

      await t.step("unnamed script parts get distinct names", async () => {
        const result = await run("bug-02");
        assertEquals(result.report?.status, "completed");
        assertEquals(await readInRoot(root, "var/tmp/bug02-a"), "a\n");
        assertEquals(await readInRoot(root, "var/tmp/bug02-b"), "b\n");
        assertEquals(warningsOf(result), []);
        const scripts = [];
        for await (
          const entry of Deno.readDir(join(root, STATE_DIR, "instances/iid-bug-02/scripts"))
        ) {
          scripts.push(entry.name);
        }
        assertEquals(scripts.sort(), ["part-001", "part-002"]);
      });

      await t.step("base64 user-data on NoCloud is not decoded", async () => {
        const result = await run("bug-04", "user-data.b64", ["--instance-id", "iid-bug-04-b64"]);
        assertEquals(result.report?.status, "completed");
        assertEquals(await readInRoot(root, "etc/hostname"), "host00\n");
        assert(!await existsInRoot(root, "var/tmp/bug04-marker"), "no marker without decoding");
        const warning = warningsOf(result).find((message) =>
          /unrecogni[sz]ed user-data/i.test(message)
        );
        assert(warning !== undefined, `an unrecognised user-data warning in:\n${result.stderr}`);
      });

      await t.step("raw gzip user-data on NoCloud is applied", async () => {
        const result = await run("bug-04");
        assertEquals(result.report?.status, "completed");
        assertEquals(await readInRoot(root, "etc/hostname"), "host01\n");
        assertEquals(await readInRoot(root, "var/tmp/bug04-marker"), "gzip-ok\n");
      });

      await t.step("wrapped base64 gzip CustomData on Azure media", async () => {
        await Deno.remove(join(root, "var/tmp/bug04-marker"));
        await Deno.writeTextFile(join(root, "etc/hostname"), "reset\n");
        const seed = await Deno.makeTempDir({ dir: work, prefix: "bug-04-azure-" });
        await Deno.copyFile(join(casesDir!, "bug-04", "ovf-env.xml"), join(seed, "ovf-env.xml"));
        const result = await provision(root, ["--seed", seed, "--instance-id", "iid-bug-04-azure"]);
        assertEquals(result.report?.status, "completed");
        assertStringIncludes(result.stderr, '"datasource":"Azure"');
        assertEquals(await readInRoot(root, "etc/hostname"), "host01\n");
        assertEquals(await readInRoot(root, "var/tmp/bug04-marker"), "gzip-ok\n");
      });

      await t.step("CRLF cloud-config keeps no carriage return", async () => {
        const result = await run("bug-06");
        assertEquals(result.report?.status, "completed");
        assertEquals(await readInRoot(root, "etc/hostname"), "host01\n");
        assertEquals(await readInRoot(root, "var/tmp/bug06.txt"), "line1\nline2\n");
        assertEquals(await readInRoot(root, "var/tmp/bug06-runcmd"), "runcmd-ok\n");
      });

      await t.step("CRLF shell script runs", async () => {
        const result = await run("bug-06", "user-data.script", [
          "--instance-id",
          "iid-bug-06-script",
        ]);
        assertEquals(result.report?.status, "completed");
        assertEquals(await readInRoot(root, "var/tmp/bug06-script"), "crlf-ok\n");
        for await (const entry of Deno.readDir(join(root, "var/tmp"))) {
          assert(
            !entry.name.includes("\r"),
            `no carriage return in the file name ${JSON.stringify(entry.name)}`,
          );
        }
      });

      await t.step("comma-separated groups with spaces", async () => {
        const result = await run("bug-07");
        assertEquals(result.report?.status, "completed");
        const group = await readInRoot(root, "etc/group");
        assert(entryOf(group, "ops") !== "", "group ops exists");
        assert(entryOf(group, "dev") !== "", "group dev exists");
        for (const user of ["alice", "bob", "carol"]) {
          const groups = await groupsOf(root, user);
          assert(
            groups.includes("ops") && groups.includes("dev"),
            `${user} is in ${groups.join(" ")}`,
          );
        }
        for (const line of group.split("\n").filter((text) => text !== "")) {
          assertMatch(line.split(":")[0], /^[^\s,]+$/);
        }
        assertEquals(warningsOf(result).filter((message) => /group/i.test(message)), []);
      });

      await t.step("runcmd arguments keep their source text", async () => {
        const result = await run("bug-08");
        assertEquals(result.report?.status, "completed");
        assertEquals(await readInRoot(root, "var/tmp/bug08-unquoted"), "0700\n");
        assertEquals(await readInRoot(root, "var/tmp/bug08-quoted"), "0700\n");
        assertEquals(await readInRoot(root, "var/tmp/bug08-yes"), "yes\n");
        assertEquals(await readInRoot(root, "var/tmp/bug08-float"), "1.10\n");
      });

      await t.step("bare integer runcmd entry runs no entry", async () => {
        const result = await run("bug-08", "user-data.bare-int", [
          "--instance-id",
          "iid-bug-08-bare-int",
        ], 1);
        assert(!await existsInRoot(root, "var/tmp/bug08-first"), "no runcmd entry ran");
        const errors = logRecords(result).filter((record) => record.level === "ERROR");
        assert(errors.some((record) => record.message.includes("runcmd[1]")), result.stderr);
        assert(!result.stderr.includes("    at "), "no stack trace: the agent did not crash");
        const pool = await openKvpStore({ dir: join(root, "var/lib/hyperv") })
          .pool(KvpPoolId.Guest).readAll();
        assertEquals(pool.get("eryph.provisioning.state"), "failed");
      });

      await t.step("bare integer runcmd entry leaves other modules running", async () => {
        assertEquals(await readInRoot(root, "var/tmp/bug08-marker"), "other-modules-ok\n");
      });

      await t.step("write_files permission spellings", async () => {
        const result = await run("bug-10");
        assertEquals(result.report?.status, "completed");
        assertEquals(await readInRoot(root, "var/tmp/bug10-a"), "a\n");
        assertEquals(await modeAndOwner(root, "var/tmp/bug10-a"), [0o640, 0, 0]);
        assertEquals(await modeAndOwner(root, "var/tmp/bug10-b"), [0o640, 0, 0]);
        assertEquals(await modeAndOwner(root, "var/tmp/bug10-c"), [0o640, 0, 0]);
        assertEquals(await readInRoot(root, "var/tmp/bug10-d"), "d\n");
        assertEquals(await modeAndOwner(root, "var/tmp/bug10-d"), [0o644, 0, 0]);
        assertEquals(await readInRoot(root, "var/tmp/bug10-e"), "");
        assertEquals(await modeAndOwner(root, "var/tmp/bug10-e"), [0o644, 0, 0]);
        const warning = warningsOf(result).find((message) => message.includes("rw-r-----"));
        assert(warning !== undefined, `a warning names "rw-r-----" in:\n${result.stderr}`);
      });

      await t.step("authorized_keys options are copied verbatim", async () => {
        const result = await run("bug-12");
        assertEquals(result.report?.status, "completed");
        const keys = await readInRoot(root, "home/alice/.ssh/authorized_keys");
        const lines = keys.split("\n").filter((line) => line !== "");
        assertEquals(lines.length, 2);
        assertEquals(
          lines[0],
          'restrict,from="192.0.2.0/24,198.51.100.7",command="/bin/echo \\"hello alice\\"" ' +
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBIrGWKL6+hl4VIFs3lHZ9aJOH8SY+/8ADQMqNf4y7ZQ alice@example.com",
        );
        const [, , uid] = entryOf(await readInRoot(root, "etc/passwd"), "alice").split(":");
        const [fileMode, fileUid] = await modeAndOwner(root, "home/alice/.ssh/authorized_keys");
        const [dirMode, dirUid] = await modeAndOwner(root, "home/alice/.ssh");
        assertEquals([fileMode, fileUid], [0o600, Number(uid)]);
        assertEquals([dirMode, dirUid], [0o700, Number(uid)]);
      });

      await t.step("root key keeps its options", async () => {
        const result = await run("bug-12", "user-data.root", ["--instance-id", "iid-bug-12-root"]);
        assertEquals(result.report?.status, "completed");
        const keys = await readInRoot(root, "root/.ssh/authorized_keys");
        const line = 'cert-authority,principals="ops" ssh-ed25519 ' +
          "AAAAC3NzaC1lZDI1NTE5AAAAIOCa3zUn3MpxHs/2BoRIjEhUcVUxu/TUnxWSAtHjpw+p ca@example.com";
        assert(keys.split("\n").includes(line), `the optioned key is a line of:\n${keys}`);
      });

      await t.step("MAC match without set-name keeps the NIC name", async () => {
        const result = await run("bug-14");
        assertEquals(result.report?.status, "completed");
        const dir = join(root, "etc/systemd/network");
        const files = new Map<string, string>();
        for await (const entry of Deno.readDir(dir)) {
          files.set(entry.name, await Deno.readTextFile(join(dir, entry.name)));
        }
        const all = [...files.values()].join("\n");
        assert(!/^Name=id0$/m.test(all), "no file names a link id0");

        const first = [...files.values()].find((text) =>
          /^MACAddress=52:54:00:12:34:56$/m.test(text)
        );
        assert(first !== undefined, `a file matches 52:54:00:12:34:56 among ${[...files.keys()]}`);
        assert(!/^Name=/m.test(first), "the NIC matched by MAC is not matched by a new name");
        assertMatch(first, /^Address=192\.0\.2\.10\/24$/m);
        assertMatch(first, /^Gateway=192\.0\.2\.1$/m);
        assertMatch(first, /^DNS=192\.0\.2\.53$/m);

        const second = [...files.values()].find((text) =>
          /^MACAddress=52:54:00:ab:cd:ef$/m.test(text)
        );
        assert(second !== undefined, "the upper-case MAC is written in lower case");
        assertMatch(second, /^Name=lan1$/m);
        assertMatch(second, /^DHCP=ipv4$/m);
        // Under --root no link is renamed; the run logs the one rename that set-name requests.
        const renames = logRecords(result).find((record) => /link renames/.test(record.message));
        assertMatch(renames?.message ?? "", /Skipping 1 link renames/);
        assert(!/\bid0\b/.test(renames?.message ?? ""), "no rename to id0 is logged");
      });

      await t.step("secrets stay out of logs and readable files", async () => {
        // An earlier step created alice, bob and carol already, and this case
        // checks how they are created, so it runs on a fresh root of its own.
        const secretRoot = await copyDebianRoot(join(work, "secret-root"));
        const started = Date.now() - 1000;
        const seed = await caseSeed(work, "bug-13");
        const result = await provision(secretRoot, ["--seed", seed]);
        assertEquals(result.report?.status, "completed");
        await assertSecretsProtected(secretRoot, result, started);
      });
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});

const BOB_PASSWORD = "Bug13-Plain-Secret!";
const ALICE_PASSWORD = "Bug13-Hashed-Secret";
const SALT_MARK = "$6$bug13salt$";

async function assertSecretsProtected(root: string, result: ProvisionResult, started: number) {
  const passwd = await readInRoot(root, "etc/passwd");
  for (const user of ["alice", "bob", "carol"]) {
    assert(entryOf(passwd, user) !== "", `${user} exists`);
  }
  const shadow = await readInRoot(root, "etc/shadow");
  const hashOf = (user: string) => entryOf(shadow, user).split(":")[1] ?? "";
  // Checked as booleans, so a failure never prints a hash.
  assert(await passwordMatches(hashOf("alice"), ALICE_PASSWORD), "alice's password verifies");
  assert(await passwordMatches(hashOf("bob"), BOB_PASSWORD), "bob's password verifies");

  // Under --root a random password could only be shown on this host's console,
  // so carol's entry is skipped with a warning that names it.
  const warnings = warningsOf(result);
  assert(
    warnings.some((message) => message.includes("chpasswd.users[0]") && message.includes("carol")),
    "the skipped random password is named by its key path",
  );
  const schemaWarning = warnings.find((message) => message.includes("password_hint"));
  assertStringIncludes(schemaWarning ?? "", "users[0].password_hint");
  assert(!result.stderr.includes("this-key-is-not-in-the-schema"), "no value of alice's entry");
  assert(!result.stderr.includes(SALT_MARK), "no hash on stderr");
  assert(!result.stderr.includes(BOB_PASSWORD), "no password on stderr");

  const logMode = (await Deno.stat(join(root, LOG_FILE))).mode! & 0o777;
  assertEquals(logMode & ~0o640, 0, `log file mode ${logMode.toString(8)} is 0640 or stricter`);

  // The shadow files belong to the system's password tools and are not world-readable.
  const shadowFiles = ["etc/shadow", "etc/shadow-", "etc/gshadow", "etc/gshadow-"]
    .map((path) => join(root, path));
  for (const path of await filesChangedSince(root, started)) {
    if (shadowFiles.includes(path)) continue;
    const text = await Deno.readTextFile(path).catch(() => "");
    if (!text.includes(BOB_PASSWORD) && !text.includes(SALT_MARK)) continue;
    const mode = (await Deno.stat(path)).mode! & 0o777;
    assertEquals(mode & 0o077, 0, `${path} holds a secret and has mode ${mode.toString(8)}`);
  }
  const pool = await openKvpStore({ dir: join(root, "var/lib/hyperv") })
    .pool(KvpPoolId.Guest).readAll();
  const reported = [...pool.values()].join("\n");
  assert(!reported.includes(BOB_PASSWORD), "no plain-text password in KVP");
  assert(!reported.includes(SALT_MARK), "no password hash in KVP");
}
