/**
 * End-to-end provisioning: a NoCloud seed image built with cloud-localds,
 * `egs-service run --seed … --root <copy of the cached Debian root>`, and the
 * result checked in the root's own files, the KVP guest pool and state.
 * Needs root (chroot, useradd inside the copy) and cloud-localds.
 */

import { join } from "node:path";
import { gzipSync } from "fflate";
import { openKvpStore } from "../../src/kvp/open_store.ts";
import { KvpPoolId } from "../../src/kvp/pool.ts";
import { readCloudInitEvents } from "../../src/reporting/cloud_init_event_reader.ts";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";
import { copyDebianRoot } from "../_support/debian_root.ts";
import { buildSeedImage, hasCloudLocalds } from "../demo/build_seed_image.ts";

const canRun = Deno.uid() === 0 && await hasCloudLocalds();

// A SHA-512 crypt hash of a throwaway test password; it must reach /etc/shadow unchanged.
const ALICE_HASH =
  "$6$e2esaltsalt$wk3LNcg57Xodsevf2gddRyEXfARVK/4BdiplwyFT5daheG5tuiFdvVFzOj1ZUzXz2TI6FvNyHwDMX7dDKiM9I0";
const BOB_PLAIN = "E2e-plain-secret-42";
const ALICE_KEY =
  'no-port-forwarding,command="echo hi" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0RvRAPTBnhbvbQXHbJF+XJMgSyRxaT1yO/6XvM9SGK alice@e2e';
const BINARY = Uint8Array.from({ length: 256 }, (_, index) => index);
const GZIP_TEXT = "gzipped text\nsecond line\n";

const cloudConfig = `#cloud-config
hostname: e2e-host
fqdn: e2e-host.test.internal
manage_etc_hosts: true
groups:
  - devs: [alice]
users:
  - default
  - name: alice
    gecos: Alice Example
    groups: [devs]
    shell: /bin/bash
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    hashed_passwd: "${ALICE_HASH}"
    lock_passwd: false
    ssh_authorized_keys:
      - '${ALICE_KEY}'
  - name: bob
    plain_text_passwd: "${BOB_PLAIN}"
    lock_passwd: false
write_files:
  - path: /etc/e2e/plain.txt
    content: "plain text\\n"
  - path: /etc/e2e/binary.bin
    encoding: b64
    content: ${btoa(String.fromCharCode(...BINARY))}
    permissions: "0600"
  - path: /etc/e2e/gzip.txt
    encoding: gz+b64
    content: ${btoa(String.fromCharCode(...gzipSync(new TextEncoder().encode(GZIP_TEXT))))}
    permissions: "0640"
    owner: root:adm
  - path: /home/alice/deferred.txt
    content: "written after alice exists\\n"
    owner: alice:devs
    permissions: "0640"
    defer: true
runcmd:
  - [sh, -c, "echo runcmd >> /var/tmp/e2e-runcmd"]
  - echo "$(id -un)" >> /var/tmp/e2e-runcmd-user
`;

function multipart(parts: { type: string; body: string }[]): string {
  const boundary = "EGS-E2E-BOUNDARY";
  const lines = ["Content-Type: multipart/mixed; boundary=" + boundary, "MIME-Version: 1.0", ""];
  for (const part of parts) {
    lines.push(`--${boundary}`, `Content-Type: ${part.type}`, "", part.body);
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\n");
}

const userData = multipart([
  { type: "text/cloud-config", body: cloudConfig },
  { type: "text/x-shellscript", body: "#!/bin/sh\necho script >> /var/tmp/e2e-script\n" },
]);

const networkConfig = "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n";

const HOST_FILES = ["/etc/hostname", "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/hosts"];

async function snapshot(paths: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const path of paths) {
    result.set(path, await Deno.readTextFile(path).catch(() => "<missing>"));
  }
  return result;
}

async function run(root: string, seed: string, bootId: string) {
  const result = await runCli("service", [
    "run",
    "--seed",
    seed,
    "--root",
    root,
    "--boot-id",
    bootId,
    "--format",
    "json",
    "--log-format",
    "json",
  ]);
  assertEquals(result.code, 0, `egs-service run failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as {
    status: string;
    actions: { module: string; action: string; frequency: string }[];
  };
}

const read = (root: string, path: string) => Deno.readTextFile(join(root, path));
const lineOf = (text: string, name: string) =>
  text.split("\n").find((line) => line.startsWith(`${name}:`)) ?? "";

Deno.test({
  name: "run provisions a Debian root from a NoCloud seed",
  ignore: !canRun,
  async fn(t) {
    const work = await Deno.makeTempDir({ prefix: "egs-e2e-" });
    const root = join(work, "root");
    const hostBefore = await snapshot(HOST_FILES);
    try {
      await copyDebianRoot(root);
      const seed = await buildSeedImage(join(work, "seed1"), {
        userData,
        metaData: "instance-id: iid-e2e-1\nlocal-hostname: e2e-meta\n",
        networkConfig,
      });
      const first = await run(root, seed, "b1");
      assertEquals(first.status, "completed");

      await t.step("hostname and /etc/hosts", async () => {
        assertEquals((await read(root, "etc/hostname")).trim(), "e2e-host");
        assertMatch(
          await read(root, "etc/hosts"),
          /^127\.0\.1\.1\s+e2e-host\.test\.internal\s+e2e-host$/m,
        );
      });

      await t.step("users, groups, sudoers and passwords in the root's files", async () => {
        const passwd = await read(root, "etc/passwd");
        assertMatch(
          lineOf(passwd, "alice"),
          /^alice:x:\d+:\d+:Alice Example:\/home\/alice:\/bin\/bash$/,
        );
        assert(lineOf(passwd, "bob") !== "", "bob is in /etc/passwd");
        assert(lineOf(passwd, "admin") !== "", "the default user admin is in /etc/passwd");
        const group = await read(root, "etc/group");
        assertMatch(lineOf(group, "devs"), /^devs:x:\d+:alice$/);
        assertMatch(lineOf(group, "sudo"), /admin/);
        const sudoers = await read(root, "etc/sudoers.d/90-cloud-init-users");
        assertStringIncludes(sudoers, "alice ALL=(ALL) NOPASSWD:ALL");
        assertStringIncludes(sudoers, "admin ALL=(ALL) NOPASSWD:ALL");
        const shadow = await read(root, "etc/shadow");
        // Compared as booleans, so a failure never prints a hash.
        assert(
          lineOf(shadow, "alice").split(":")[1] === ALICE_HASH,
          "alice's hash is stored as given",
        );
        const bobHash = lineOf(shadow, "bob").split(":")[1] ?? "";
        assert(/^\$(y|6|5|gy)\$/.test(bobHash), "bob's plain password is stored hashed");
        assert(lineOf(shadow, "admin").split(":")[1]?.startsWith("!"), "admin is locked");
      });

      await t.step("authorized_keys content, modes and owners", async () => {
        const passwd = await read(root, "etc/passwd");
        const [, , uid, gid] = lineOf(passwd, "alice").split(":");
        const keys = join(root, "home/alice/.ssh/authorized_keys");
        assertEquals(await Deno.readTextFile(keys), `${ALICE_KEY}\n`);
        const file = await Deno.stat(keys);
        const dir = await Deno.stat(join(root, "home/alice/.ssh"));
        assertEquals([file.mode! & 0o777, file.uid, file.gid], [0o600, Number(uid), Number(gid)]);
        assertEquals([dir.mode! & 0o777, dir.uid], [0o700, Number(uid)]);
      });

      await t.step("write_files byte for byte with modes and owners", async () => {
        assertEquals(await read(root, "etc/e2e/plain.txt"), "plain text\n");
        assertEquals(await Deno.readFile(join(root, "etc/e2e/binary.bin")), BINARY);
        assertEquals(await read(root, "etc/e2e/gzip.txt"), GZIP_TEXT);
        const modes = async (path: string) => {
          const info = await Deno.stat(join(root, path));
          return [info.mode! & 0o777, info.uid, info.gid];
        };
        const group = await read(root, "etc/group");
        const gidOf = (name: string) => Number(lineOf(group, name).split(":")[2]);
        const aliceUid = Number(lineOf(await read(root, "etc/passwd"), "alice").split(":")[2]);
        assertEquals(await modes("etc/e2e/plain.txt"), [0o644, 0, 0]);
        assertEquals(await modes("etc/e2e/binary.bin"), [0o600, 0, 0]);
        assertEquals(await modes("etc/e2e/gzip.txt"), [0o640, 0, gidOf("adm")]);
        assertEquals(await read(root, "home/alice/deferred.txt"), "written after alice exists\n");
        assertEquals(await modes("home/alice/deferred.txt"), [0o640, aliceUid, gidOf("devs")]);
      });

      await t.step("runcmd and the user script ran inside the root", async () => {
        assertEquals(await read(root, "var/tmp/e2e-runcmd"), "runcmd\n");
        assertEquals(await read(root, "var/tmp/e2e-runcmd-user"), "root\n");
        assertEquals(await read(root, "var/tmp/e2e-script"), "script\n");
      });

      await t.step("networkd files rendered from network-config", async () => {
        const network = await read(root, "etc/systemd/network/10-cloud-init-eth0.network");
        assertMatch(network, /^Name=eth0$/m);
        assertMatch(network, /^DHCP=ipv4$/m);
      });

      await t.step("KVP pool: state completed and start/finish events of every stage", async () => {
        const pool = await openKvpStore({ dir: join(root, "var/lib/hyperv") })
          .pool(KvpPoolId.Guest).readAll();
        assertEquals(pool.get("eryph.provisioning.state"), "completed");
        const events = readCloudInitEvents(pool);
        for (const stage of ["init-local", "init-network", "modules-config", "modules-final"]) {
          assert(events.some((e) => e.name === stage && e.type === "start"), `${stage} start`);
          const finish = events.find((e) => e.name === stage && e.type === "finish");
          assertEquals(finish?.result, "SUCCESS", `${stage} finish`);
        }
        assert(events.some((e) => e.name === "modules-config/config-runcmd"), "runcmd event");
      });

      await t.step("the log file is 0640 or stricter and holds no password", async () => {
        const path = join(root, "var/log/eryph/guest-services/egs-provisioning.log");
        assertEquals((await Deno.stat(path)).mode! & 0o037, 0);
        const log = await Deno.readTextFile(path);
        assert(log.length > 0, "the log file has records");
        assert(!log.includes(BOB_PLAIN), "no plain password in the log");
        assert(!log.includes(ALICE_HASH), "no password hash in the log");
      });

      await t.step("a second run applies nothing", async () => {
        const files = ["etc/passwd", "etc/group", "etc/shadow", "etc/hostname", "etc/hosts"]
          .map((path) => join(root, path));
        const before = await snapshot(files);
        const second = await run(root, seed, "b1");
        assertEquals(second.status, "completed");
        const reran = second.actions.filter((a) => a.action === "run" && a.frequency !== "always");
        assertEquals(reran.map((a) => a.module), []);
        assertEquals(await snapshot(files), before);
        assertEquals(await read(root, "var/tmp/e2e-runcmd"), "runcmd\n");
        assertEquals(await read(root, "var/tmp/e2e-script"), "script\n");
      });

      await t.step("a new instance id reruns the per-instance modules", async () => {
        const seed2 = await buildSeedImage(join(work, "seed2"), {
          userData,
          metaData: "instance-id: iid-e2e-2\n",
        });
        const third = await run(root, seed2, "b1");
        assertEquals(third.status, "completed");
        const ran = third.actions.filter((a) => a.action === "run").map((a) => a.module);
        assert(ran.includes("runcmd"), `ran: ${ran.join(", ")}`);
        assert(ran.includes("users_groups"), `ran: ${ran.join(", ")}`);
        assertEquals(await read(root, "var/tmp/e2e-runcmd"), "runcmd\nruncmd\n");
      });

      await t.step({
        name: "an entry exiting 1003 twice runs three times across reboots",
        fn: async () => {
          const rebootConfig = `#cloud-config
runcmd:
  - 'n=$(cat /var/tmp/e2e-count 2>/dev/null || echo 0); n=$((n+1)); echo $n > /var/tmp/e2e-count; if [ $n -lt 3 ]; then exit 1003; fi'
  - echo next >> /var/tmp/e2e-next
`;
          const seed3 = await buildSeedImage(join(work, "seed3"), {
            userData: rebootConfig,
            metaData: "instance-id: iid-e2e-3\n",
          });
          const statuses = [];
          for (const bootId of ["b2", "b3", "b4"]) {
            statuses.push((await run(root, seed3, bootId)).status);
          }
          assertEquals(statuses, ["reboot_pending", "reboot_pending", "completed"]);
          assertEquals((await read(root, "var/tmp/e2e-count")).trim(), "3");
          assertEquals(await read(root, "var/tmp/e2e-next"), "next\n");
          const again = await run(root, seed3, "b5");
          assertEquals(again.status, "completed");
          assertEquals((await read(root, "var/tmp/e2e-count")).trim(), "3");
        },
      });

      await t.step(
        "power_state reboot is recorded under --root and the next boot finishes",
        async () => {
          const seed4 = await buildSeedImage(join(work, "seed4"), {
            userData: "#cloud-config\npower_state: {mode: reboot, message: e2e}\n" +
              'runcmd: [[sh, -c, "echo r >> /var/tmp/e2e-power"]]\n',
            metaData: "instance-id: iid-e2e-4\n",
          });
          assertEquals((await run(root, seed4, "b6")).status, "reboot_pending");
          assertEquals((await run(root, seed4, "b6")).status, "reboot_pending");
          assertEquals((await run(root, seed4, "b7")).status, "completed");
          assertEquals(await read(root, "var/tmp/e2e-power"), "r\n");
        },
      );

      await t.step("nothing on the host changed", async () => {
        const after = await snapshot(HOST_FILES);
        for (const path of HOST_FILES) {
          assert(after.get(path) === hostBefore.get(path), `${path} on the host is unchanged`);
        }
      });
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
