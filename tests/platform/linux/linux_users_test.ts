import { typedUser } from "../../../src/cloudconfig/_normalize_users.ts";
import { NotSupportedError, OperationError } from "../../../src/errors.ts";
import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { LinuxUsers } from "../../../src/platform/linux/linux_users.ts";
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "../../_support/assert.ts";
import { RecordingProcesses, SMALL_ACCOUNTS, writeTree } from "./_fake_processes.ts";

const HASH =
  "$6$rounds=4096$saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./01234567";

interface Setup {
  root: string;
  processes: RecordingProcesses;
  users: LinuxUsers;
}

async function withUsers(
  options: {
    hostIsolated?: boolean;
    extraFiles?: Record<string, string>;
    respond?: (argv: string[]) => { code: number } | undefined;
  } = {},
  fn: (setup: Setup) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "egs-users-" });
  try {
    await writeTree(root, { ...SMALL_ACCOUNTS, ...options.extraFiles });
    const processes = new RecordingProcesses(options.respond);
    const users = new LinuxUsers({
      processes,
      files: new LinuxFiles(root),
      hostIsolated: options.hostIsolated ?? true,
      consolePath: `${root}/console`,
      now: () => new Date("2026-12-04T00:00:00Z"),
    });
    await fn({ root, processes, users });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("LinuxUsers.ensureGroup() creates the group and adds existing members", async () => {
  await withUsers({}, async ({ processes, users }) => {
    await users.ensureGroup({ name: "ops", members: ["alice", "ghost"] });
    assertEquals(processes.commandLines(), ["groupadd ops", "usermod -a -G ops alice"]);
  });
});

Deno.test("LinuxUsers.ensureGroup() leaves an existing group and member alone", async () => {
  await withUsers({}, async ({ processes, users }) => {
    await users.ensureGroup({ name: "sudo", members: ["alice"] });
    assertEquals(processes.commandLines(), []);
  });
});

Deno.test("LinuxUsers.ensureUser() creates missing groups, then the user, then locks it", async () => {
  await withUsers({}, async ({ processes, users }) => {
    const user = typedUser(
      { groups: "adm, devs", primary_group: "staff", shell: "/bin/bash" },
      "bob",
      "users[1]",
    );
    assertEquals(await users.ensureUser(user), true);
    assertEquals(processes.commandLines(), [
      "groupadd devs",
      "groupadd staff",
      "useradd bob --groups adm,devs --gid staff --shell /bin/bash -m",
      "passwd -l bob",
    ]);
  });
});

Deno.test("LinuxUsers.ensureUser() skips missing groups when create_groups is false", async () => {
  await withUsers({}, async ({ processes, users }) => {
    await users.ensureUser(
      typedUser({ groups: ["devs"], create_groups: false, lock_passwd: false }, "bob", "users[0]"),
    );
    assertEquals(processes.commandLines(), ["useradd bob --groups devs -m"]);
  });
});

Deno.test("LinuxUsers.ensureUser() sets passwords over stdin only", async () => {
  await withUsers({}, async ({ processes, users }) => {
    const user = typedUser(
      { passwd: HASH, plain_text_passwd: "pl41n-secret", lock_passwd: false },
      "bob",
      "users[0]",
    );
    await users.ensureUser(user);
    assertEquals(processes.commandLines(), ["useradd bob -m", "chpasswd -e", "chpasswd"]);
    assertEquals(processes.calls[1].stdin, `bob:${HASH}\n`);
    assertEquals(processes.calls[2].stdin, "bob:pl41n-secret\n");
    for (const call of processes.calls) {
      assert(!call.argv.join(" ").includes("pl41n-secret"), "plain-text password in argv");
      assert(!call.argv.join(" ").includes("$6$"), "hash in argv");
    }
  });
});

Deno.test("LinuxUsers.ensureUser() updates an existing user's groups and shell", async () => {
  await withUsers({}, async ({ processes, users }) => {
    const user = typedUser(
      { groups: ["sudo", "adm", "devs"], shell: "/bin/zsh", passwd: HASH },
      "alice",
      "users[0]",
    );
    assertEquals(await users.ensureUser(user), false);
    assertEquals(processes.commandLines(), [
      "groupadd devs",
      "usermod -a -G adm,devs alice",
      "usermod --shell /bin/zsh alice",
      "passwd -l alice",
    ]);
  });
});

Deno.test("LinuxUsers.ensureUser() writes sudo rules", async () => {
  await withUsers({}, async ({ root, users }) => {
    await users.ensureUser(typedUser({ sudo: true }, "bob", "users[0]"));
    const text = await Deno.readTextFile(`${root}/etc/sudoers.d/90-cloud-init-users`);
    assertStringIncludes(text, "\n# User rules for bob\nbob ALL=(ALL) NOPASSWD:ALL\n");
    assertEquals(Deno.statSync(`${root}/etc/sudoers.d/90-cloud-init-users`).mode! & 0o777, 0o440);
  });
});

Deno.test("LinuxUsers.ensureUser() resolves an unresolved default entry", async () => {
  await withUsers({}, async ({ processes, users }) => {
    assertEquals(await users.ensureUser(typedUser({}, "default", "users[0]")), true);
    assertEquals(processes.commandLines(), [
      "useradd admin --groups adm,sudo --shell /bin/bash -m",
      "passwd -l admin",
    ]);
  });
});

Deno.test("LinuxUsers.ensureUser() rejects snap users", async () => {
  await withUsers({}, async ({ users }) => {
    await assertRejects(
      () => users.ensureUser(typedUser({ snapuser: "a@b.c" }, "bob", "users[0]")),
      NotSupportedError,
    );
  });
});

Deno.test("LinuxUsers.ensureUser() unlocks an existing locked password when lock_passwd is false", async () => {
  const shadow = `alice:!${HASH}:19000:0:99999:7:::\nroot:*:19000:0:99999:7:::\n`;
  await withUsers({ extraFiles: { "/etc/shadow": shadow } }, async ({ processes, users }) => {
    await users.ensureUser(typedUser({ lock_passwd: false }, "alice", "users[0]"));
    assertEquals(processes.commandLines(), ["usermod --unlock alice"]);
  });
});

Deno.test("LinuxUsers.ensureUser() keeps a blank password locked", async () => {
  await withUsers(
    { extraFiles: { "/etc/shadow": "alice:!:19000::::::\n" } },
    async ({ processes, users }) => {
      await users.ensureUser(typedUser({ lock_passwd: false }, "alice", "users[0]"));
      assertEquals(processes.commandLines(), []);
    },
  );
});

Deno.test("LinuxUsers.ensureUser() locks with usermod where passwd is missing", async () => {
  const respond = (argv: string[]) => argv[0] === "passwd" ? { code: 127 } : undefined;
  await withUsers({ respond }, async ({ processes, users }) => {
    await users.ensureUser(typedUser({}, "bob", "users[0]"));
    assertEquals(processes.commandLines(), [
      "useradd bob -m",
      "passwd -l bob",
      "usermod --lock bob",
    ]);
  });
});

Deno.test("LinuxUsers.ensureUser() reports useradd's stderr", async () => {
  const respond = (argv: string[]) =>
    argv[0] === "useradd" ? { code: 4, stderr: "useradd: UID 0 is not unique" } : undefined;
  await withUsers({ respond }, async ({ users }) => {
    await assertRejects(
      () => users.ensureUser(typedUser({ uid: 0 }, "bob", "users[3]")),
      OperationError,
      'Cannot create user "bob" (users[3]): "useradd bob --uid 0 -m" exited with code 4: useradd: UID 0 is not unique.',
    );
  });
});

Deno.test("LinuxUsers.setPassword() runs chpasswd with the entry on stdin", async () => {
  await withUsers({}, async ({ processes, users }) => {
    await users.setPassword({
      name: "alice",
      kind: "hash",
      password: HASH,
      keyPath: "chpasswd.users[0]",
    });
    await users.setPassword({
      name: "alice",
      kind: "text",
      password: "t3xt",
      keyPath: "chpasswd.users[1]",
    });
    assertEquals(processes.calls.map((call) => [call.argv.join(" "), call.stdin]), [
      ["chpasswd -e", `alice:${HASH}\n`],
      ["chpasswd", "alice:t3xt\n"],
    ]);
  });
});

Deno.test("LinuxUsers.setPassword() rejects random passwords under a root", async () => {
  await withUsers({ hostIsolated: true }, async ({ root, processes, users }) => {
    await assertRejects(
      () => users.setPassword({ name: "alice", kind: "random", keyPath: "chpasswd.users[0]" }),
      OperationError,
      "under --root",
    );
    assertEquals(processes.calls, []);
    assertEquals(await Deno.stat(`${root}/console`).catch(() => undefined), undefined);
  });
});

Deno.test("LinuxUsers.setPassword() shows a random password on the console only", async () => {
  await withUsers({ hostIsolated: false }, async ({ root, processes, users }) => {
    await Deno.writeTextFile(`${root}/console`, "");
    const password = await users.setPassword({
      name: "alice",
      kind: "random",
      keyPath: "chpasswd.users[0]",
    });
    assert(password !== undefined, "no password returned");
    assertEquals(password.length, 20);
    assertEquals(processes.calls[0].stdin, `alice:${password}\n`);
    assertEquals(
      await Deno.readTextFile(`${root}/console`),
      `Set the following 'random' passwords\nalice:${password}\n`,
    );
  });
});

Deno.test("LinuxUsers.expirePassword() falls back to chage", async () => {
  const respond = (argv: string[]) => argv[0] === "passwd" ? { code: 127 } : undefined;
  await withUsers({ respond }, async ({ processes, users }) => {
    await users.expirePassword("alice");
    assertEquals(processes.commandLines(), ["passwd --expire alice", "chage -d 0 alice"]);
  });
});

Deno.test("LinuxUsers.addAuthorizedKeys() rejects an unknown user", async () => {
  await withUsers({}, async ({ users }) => {
    await assertRejects(
      () => users.addAuthorizedKeys("ghost", ["ssh-ed25519 AAAA x"]),
      OperationError,
      '"ghost"',
    );
  });
});

Deno.test({
  name: "LinuxUsers.addAuthorizedKeys() writes keys with the user's owner and modes",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    await withUsers({}, async ({ root, users }) => {
      const key =
        'from="192.0.2.1" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBIrGWKL6 alice@example.com';
      await users.addAuthorizedKeys("alice", [key]);
      await users.addAuthorizedKeys("alice", [key]);
      const file = `${root}/home/alice/.ssh/authorized_keys`;
      assertEquals(await Deno.readTextFile(file), `${key}\n`);
      const fileInfo = Deno.statSync(file);
      const folderInfo = Deno.statSync(`${root}/home/alice/.ssh`);
      assertEquals([fileInfo.mode! & 0o777, fileInfo.uid, fileInfo.gid], [0o600, 1000, 1000]);
      assertEquals([folderInfo.mode! & 0o777, folderInfo.uid, folderInfo.gid], [0o700, 1000, 1000]);
    });
  },
});

Deno.test("LinuxUsers.ensureUser() locks only a password that is not locked yet", async () => {
  const shadow = "root:*:20000:0:99999:7:::\nalice:!:20000:0:99999:7:::\ncarol:*:20000::::::\n";
  await withUsers({ extraFiles: { "/etc/shadow": shadow } }, async ({ processes, users }) => {
    await users.ensureUser(typedUser({}, "alice", "users[0]"));
    assertEquals(processes.commandLines(), []);

    await users.ensureUser(typedUser({}, "carol", "users[1]"));
    assertEquals(processes.commandLines().at(-1), "passwd -l carol");
  });
});
