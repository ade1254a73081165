/**
 * The Linux platform against a private copy of the cached Debian minbase
 * root: real groupadd, useradd, chpasswd and friends run chrooted into the
 * copy. Needs root (chroot, chown); the host's account files and host name
 * are checked to be unchanged afterwards.
 */

import { typedUser } from "../../../src/cloudconfig/_normalize_users.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/mod.ts";
import { OperationError } from "../../../src/errors.ts";
import { parseGroup, parsePasswd } from "../../../src/platform/linux/account_database.ts";
import type { LinuxPower } from "../../../src/platform/linux/linux_power.ts";
import { shadowPasswordOf } from "../../../src/platform/linux/user_passwords.ts";
import { selectPlatform } from "../../../src/platform/select_platform.ts";
import type { Platform } from "../../../src/platform/types.ts";
import { copyDebianRoot } from "../../_support/debian_root.ts";
import { sharedPath } from "../../_support/shared.ts";
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "../../_support/assert.ts";

// A made-up string in SHA-512 crypt form; chpasswd -e stores a hash as given.
const ALICE_HASH =
  "$6$egstestsalt$Nq0Ev2eUZzT8Mex1N6wpt1Cw0pP7QKi0sWw0NzU0QO1rQO4Q7B7rTkZp0cY8rC6nJm7o9xqK0uGv6vW2hG2yH/";
const ROOT_KEY =
  'cert-authority,principals="ops" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOCa3zUn3MpxHs/2BoRIjEhUcVUxu/TUnxWSAtHjpw+p ca@example.com';
const HOST_FILES = ["/etc/passwd", "/etc/group", "/etc/shadow", "/etc/hostname", "/etc/hosts"];

async function readHostFiles(): Promise<string[]> {
  return await Promise.all(
    HOST_FILES.map((path) => Deno.readTextFile(path).catch(() => "<missing>")),
  );
}

function modeOf(info: Deno.FileInfo): number {
  return info.mode! & 0o7777;
}

async function bug12AliceKeys(): Promise<string[] | undefined> {
  const path = sharedPath("cases", "bug-12", "user-data");
  if (path === undefined) return undefined;
  const config = loadYaml(await Deno.readTextFile(path)) as {
    users: { ssh_authorized_keys: string[] }[];
  };
  return config.users[0].ssh_authorized_keys;
}

Deno.test({
  name: "Linux platform provisions a copy of the Debian root without touching the host",
  ignore: Deno.uid() !== 0,
  fn: async (t) => {
    const hostBefore = await readHostFiles();
    const workDir = await Deno.makeTempDir({ prefix: "egs-platform-root-" });
    const root = await copyDebianRoot(`${workDir}/root`);
    const platform: Platform = selectPlatform({ os: "linux", root, bootId: "b1" });
    const text = async (path: string) => await Deno.readTextFile(`${root}${path}`);
    const accounts = async () => ({
      users: parsePasswd(await text("/etc/passwd")),
      groups: parseGroup(await text("/etc/group")),
    });

    try {
      await t.step("groups and users are created chrooted", async () => {
        await platform.users.ensureGroup({ name: "devs", members: [] });
        const alice = typedUser(
          {
            groups: ["devs", "sudo"],
            hashed_passwd: ALICE_HASH,
            lock_passwd: false,
            sudo: true,
            gecos: "Alice",
          },
          "alice",
          "users[1]",
        );
        const bob = typedUser(
          { plain_text_passwd: "bob-plain-pw", lock_passwd: false, shell: "/bin/sh" },
          "bob",
          "users[2]",
        );
        assertEquals(await platform.users.ensureUser(alice), true);
        assertEquals(await platform.users.ensureUser(bob), true);
        assertEquals(await platform.users.ensureUser(alice), false);
        await platform.users.ensureGroup({ name: "ops", members: ["alice", "bob", "ghost"] });

        const { users, groups } = await accounts();
        assertEquals([users.get("alice")?.gecos, users.get("alice")?.home], [
          "Alice",
          "/home/alice",
        ]);
        assertEquals(users.get("bob")?.shell, "/bin/sh");
        assertEquals(groups.get("devs")?.members, ["alice"]);
        assertEquals(groups.get("sudo")?.members, ["alice"]);
        assertEquals(groups.get("ops")?.members, ["alice", "bob"]);
        assert((await Deno.stat(`${root}/home/alice`)).isDirectory, "alice's home was not created");
      });

      await t.step("passwords land in the root's shadow file", async () => {
        const shadow = await text("/etc/shadow");
        // Compared with assert, not assertEquals, so a failure does not print the hashes.
        assert(
          shadowPasswordOf(shadow, "alice") === ALICE_HASH,
          "alice's shadow entry is not the given hash",
        );
        const bobHash = shadowPasswordOf(shadow, "bob") ?? "";
        assert(
          /^\$(y|6|5|2b)\$/.test(bobHash),
          "bob's plain-text password was not hashed by chpasswd",
        );
        assert(!shadow.includes("bob-plain-pw"), "the plain-text password is in the shadow file");
      });

      await t.step("the default user is admin with a locked password", async () => {
        const admin = await platform.users.resolveDefaultUser(typedUser({}, "default", "users[0]"));
        await platform.users.ensureUser(admin);
        const { users, groups } = await accounts();
        assertEquals(users.get("admin")?.shell, "/bin/bash");
        assertEquals(groups.get("adm")?.members.includes("admin"), true);
        assertEquals(groups.get("sudo")?.members.includes("admin"), true);
        assert(
          shadowPasswordOf(await text("/etc/shadow"), "admin")?.startsWith("!"),
          "admin is not locked",
        );
      });

      await t.step("sudo rules are written as cloud-init writes them", async () => {
        const sudoers = await text("/etc/sudoers.d/90-cloud-init-users");
        assertStringIncludes(sudoers, "\n# User rules for alice\nalice ALL=(ALL) NOPASSWD:ALL\n");
        assertStringIncludes(sudoers, "\n# User rules for admin\nadmin ALL=(ALL) NOPASSWD:ALL\n");
        assertEquals(sudoers.split("# User rules for alice").length, 2);
        assertEquals(modeOf(await Deno.stat(`${root}/etc/sudoers.d/90-cloud-init-users`)), 0o440);
      });

      const aliceKeys = await bug12AliceKeys();
      await t.step({
        name: "authorized keys keep their options byte for byte",
        ignore: aliceKeys === undefined,
        fn: async () => {
          await platform.users.addAuthorizedKeys("alice", aliceKeys!);
          const { users } = await accounts();
          const alice = users.get("alice")!;
          const file = `${root}/home/alice/.ssh/authorized_keys`;
          assertEquals(await Deno.readTextFile(file), `${aliceKeys!.join("\n")}\n`);
          const fileInfo = await Deno.stat(file);
          const folderInfo = await Deno.stat(`${root}/home/alice/.ssh`);
          assertEquals([modeOf(fileInfo), fileInfo.uid, fileInfo.gid], [
            0o600,
            alice.uid,
            alice.gid,
          ]);
          assertEquals([modeOf(folderInfo), folderInfo.uid, folderInfo.gid], [
            0o700,
            alice.uid,
            alice.gid,
          ]);
        },
      });

      await t.step("root's authorized keys keep cert-authority options", async () => {
        await platform.users.addAuthorizedKeys("root", [ROOT_KEY]);
        assertEquals(await text("/root/.ssh/authorized_keys"), `${ROOT_KEY}\n`);
        const info = await Deno.stat(`${root}/root/.ssh/authorized_keys`);
        assertEquals([modeOf(info), info.uid, info.gid], [0o600, 0, 0]);
      });

      await t.step("a file is owned by a user and group created in this run", async () => {
        await platform.files.write("/home/alice/notes.txt", new TextEncoder().encode("hi\n"), {
          owner: "alice:devs",
          mode: 0o640,
        });
        const { users, groups } = await accounts();
        const info = await Deno.stat(`${root}/home/alice/notes.txt`);
        assertEquals([modeOf(info), info.uid, info.gid], [
          0o640,
          users.get("alice")!.uid,
          groups.get("devs")!.gid,
        ]);
      });

      await t.step("hostname and hosts are written inside the root", async () => {
        await platform.hostname.set("host00", "host00.example.com");
        await platform.hostname.updateHostsFile("host00", "host00.example.com");
        assertEquals(await text("/etc/hostname"), "host00\n");
        assertStringIncludes(await text("/etc/hosts"), "127.0.1.1\thost00.example.com\thost00\n");
        assertEquals(await platform.hostname.read(), {
          hostname: "host00",
          fqdn: "host00.example.com",
        });
      });

      await t.step("commands run chrooted with a clean environment", async () => {
        Deno.env.set("EGS_HOST_ONLY_VARIABLE", "1");
        const result = await platform.processes.run(
          {
            kind: "shell",
            command:
              'id -un; cat /etc/debian_version; echo "$HOME:${EGS_HOST_ONLY_VARIABLE:-unset}:$GIVEN"',
          },
          { env: { GIVEN: "given" } },
        );
        Deno.env.delete("EGS_HOST_ONLY_VARIABLE");
        const lines = result.stdout.trim().split("\n");
        assertEquals(result.code, 0);
        assertEquals([lines[0], lines[2]], ["root", "/root:unset:given"]);
        assertEquals(lines[1], (await text("/etc/debian_version")).trim());
        const cwd = await platform.processes.run({ kind: "argv", argv: ["pwd"] }, {
          cwd: "/home/alice",
        });
        assertEquals(cwd.stdout.trim(), "/home/alice");
      });

      await t.step("random passwords and power requests stay off the host", async () => {
        await assertRejects(
          () =>
            platform.users.setPassword({
              name: "alice",
              kind: "random",
              keyPath: "chpasswd.users[0]",
            }),
          OperationError,
        );
        await platform.power.reboot("test");
        assertEquals((platform.power as LinuxPower).recorded, [{
          action: "reboot",
          reason: "test",
        }]);
      });

      await t.step("the host's account files and host name are unchanged", async () => {
        const after = await readHostFiles();
        HOST_FILES.forEach((path, index) =>
          assert(after[index] === hostBefore[index], `${path} changed on the host`)
        );
      });
    } finally {
      await Deno.remove(workDir, { recursive: true });
    }
  },
});
