import { assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import { OperationError } from "../../src/errors.ts";
import { replaceKeyOptions, stripKeyOptions } from "../../src/modules/_authorized_key_line.ts";
import { DEFAULT_DISABLE_ROOT_OPTS, sshModule } from "../../src/modules/ssh.ts";
import { usersGroupsModule } from "../../src/modules/users_groups.ts";
import { createTestContext, recordingPlatform } from "./_fakes.ts";

const ALICE_OPTIONED = 'restrict,from="192.0.2.0/24,198.51.100.7",command="/bin/echo \\"hello ' +
  'alice\\"" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBIrGWKL6+hl4VIFs3lHZ9aJOH8SY+/8ADQMqNf4y7ZQ ' +
  "alice@example.com";
const PLAIN_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOCa3zUn3MpxHs/2BoRIjEhUcVUxu/TUnxWSAtHjpw+p ca";

Deno.test("users_groups creates groups, users, then members", async () => {
  await using test = await createTestContext({
    groups: [{ ops: ["alice"] }, "dev"],
    users: ["default", { name: "alice", groups: "ops, dev" }],
  });
  await test.run(usersGroupsModule);
  assertEquals(test.platform.users.calls, [
    "group ops []",
    "group dev []",
    "user admin [adm,sudo]",
    "user alice [ops,dev]",
    "group ops [alice]",
  ]);
});

Deno.test("users_groups creates the default user when users is absent", async () => {
  await using test = await createTestContext({});
  await test.run(usersGroupsModule);
  assertEquals(test.platform.users.calls, ["user admin [adm,sudo]"]);
});

Deno.test("users_groups creates no default user for users: []", async () => {
  await using test = await createTestContext({ users: [] });
  await test.run(usersGroupsModule);
  assertEquals(test.platform.users.calls, []);
});

sharedTest("users_groups splits the bug-07 group strings", async (shared) => {
  const text = await Deno.readTextFile(`${shared}/cases/bug-07/user-data`);
  await using test = await createTestContext(loadCloudConfig(text));
  await test.run(usersGroupsModule);
  const users = test.platform.users.users.filter((user) => user.name !== "admin");
  assertEquals(users.map((user) => `${user.name}:${user.groups.join("|")}`), [
    "alice:ops|dev",
    "bob:ops|dev",
    "carol:ops|dev",
  ]);
  assertEquals(test.logs.filter((line) => line.includes('"level":"WARN"')), []);
});

sharedTest("users_groups keeps the options of bug-12 keys", async (shared) => {
  const text = await Deno.readTextFile(`${shared}/cases/bug-12/user-data`);
  await using test = await createTestContext(loadCloudConfig(text));
  await test.run(usersGroupsModule);
  const keys = test.platform.users.keys.get("alice") ?? [];
  assertEquals(keys.length, 2);
  assertEquals(keys[0], ALICE_OPTIONED);
});

Deno.test("users_groups names the failed user and still creates the others", async () => {
  const platform = recordingPlatform();
  platform.users.failUsers.add("alice");
  await using test = await createTestContext({ users: [{ name: "alice" }, { name: "bob" }] }, {
    platform,
  });
  const error = await assertRejects(() => test.run(usersGroupsModule), OperationError);
  assertStringIncludes(
    error.message,
    'Cannot create user "alice" (users[0]): useradd exited with 9',
  );
  assertEquals(platform.users.calls, ["user bob []"]);
});

Deno.test("DEFAULT_DISABLE_ROOT_OPTS matches cloud-init's text", () => {
  assertEquals(
    DEFAULT_DISABLE_ROOT_OPTS,
    `no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command="echo 'Please login as ` +
      `the user \\"$USER\\" rather than the user \\"$DISABLE_USER\\".';echo;sleep 10;exit 142"`,
  );
});

const stripCases: [string, string][] = [
  [PLAIN_KEY, PLAIN_KEY],
  [ALICE_OPTIONED, ALICE_OPTIONED.slice(ALICE_OPTIONED.indexOf("ssh-ed25519"))],
  [`cert-authority,principals="ops" ${PLAIN_KEY}`, PLAIN_KEY],
  [`command="echo a b" ${PLAIN_KEY}`, PLAIN_KEY],
];

for (const [line, expected] of stripCases) {
  Deno.test(`stripKeyOptions() reads ${line.slice(0, 30)}`, () => {
    assertEquals(stripKeyOptions(line), expected);
  });
}

Deno.test("replaceKeyOptions() keeps the line when options are empty", () => {
  assertEquals(replaceKeyOptions(`  ${ALICE_OPTIONED} `, ""), ALICE_OPTIONED);
});

Deno.test("ssh prefixes root's keys with disable_root_opts", async () => {
  await using test = await createTestContext({ ssh_authorized_keys: [PLAIN_KEY] });
  await test.run(sshModule);
  assertEquals(test.platform.users.keys.get("admin"), [PLAIN_KEY]);
  const expectedOptions = DEFAULT_DISABLE_ROOT_OPTS.replace("$USER", "admin")
    .replace("$DISABLE_USER", "root");
  assertEquals(test.platform.users.keys.get("root"), [`${expectedOptions} ${PLAIN_KEY}`]);
  assertStringIncludes(
    test.platform.users.keys.get("root")?.[0] ?? "",
    `Please login as the user \\"admin\\" rather than the user \\"root\\".`,
  );
});

sharedTest("ssh keeps root's key options with disable_root: false", async (shared) => {
  const text = await Deno.readTextFile(`${shared}/cases/bug-12/user-data.root`);
  await using test = await createTestContext(loadCloudConfig(text));
  await test.run(sshModule);
  assertEquals(test.platform.users.keys.get("root"), [
    'cert-authority,principals="ops" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOCa3zUn3MpxHs/2BoRIjEhUcVUxu/TUnxWSAtHjpw+p ca@example.com',
  ]);
  assertEquals(test.platform.users.keys.has("admin"), false);
});

Deno.test("ssh adds the meta-data public keys", async () => {
  await using test = await createTestContext({}, { metadata: { "public-keys": [PLAIN_KEY] } });
  await test.run(sshModule);
  assertEquals(test.platform.users.keys.get("admin"), [PLAIN_KEY]);
});

Deno.test("ssh writes ssh_keys with root-only private keys", async () => {
  await using test = await createTestContext({
    ssh_keys: { ed25519_private: "PRIVATE-KEY-TEXT", ed25519_public: "ssh-ed25519 AAAA host" },
  });
  await test.run(sshModule);
  const files = test.platform.files.files;
  assertEquals(files.get("/etc/ssh/ssh_host_ed25519_key")?.mode, 0o600);
  assertEquals(files.get("/etc/ssh/ssh_host_ed25519_key")?.owner, "root:root");
  assertEquals(files.get("/etc/ssh/ssh_host_ed25519_key.pub")?.mode, 0o644);
  assertEquals(test.platform.processes.commands(), []);
  assertEquals(test.logs.some((line) => line.includes("PRIVATE-KEY-TEXT")), false);
});

Deno.test("ssh generates only the missing host keys", async () => {
  const platform = recordingPlatform();
  await platform.files.write("/etc/ssh/ssh_host_rsa_key", new Uint8Array());
  await using test = await createTestContext({ ssh_genkeytypes: ["rsa", "ed25519"] }, { platform });
  const outcome = await test.run(sshModule);
  assertEquals(outcome, {
    status: "applied",
    message: "1 host key generated; no keys for the default user or root",
  });
  assertEquals(platform.processes.commands(), [
    "ssh-keygen -t ed25519 -N  -f /etc/ssh/ssh_host_ed25519_key",
  ]);
});

Deno.test("users_groups removes passwords from platform errors", async () => {
  const platform = recordingPlatform();
  platform.users.ensureUser = (user) =>
    Promise.reject(new Error(`useradd -p ${user.hashedPasswd} ${user.name} exited with 1`));
  await using test = await createTestContext({
    users: [{ name: "alice", hashed_passwd: "$6$salt$HASHVALUE" }],
  }, { platform });
  const error = await assertRejects(() => test.run(usersGroupsModule), OperationError);
  assertStringIncludes(error.message, "useradd -p [redacted] alice exited with 1");
  assertEquals(test.logs.some((line) => line.includes("HASHVALUE")), false);
});

Deno.test("ssh warns once when the target has no ssh-keygen", async () => {
  // chroot exits 127 for a missing program; without --root it cannot be started at all.
  const missing = [
    { code: 127 },
    { code: 0, error: new Deno.errors.NotFound("Failed to spawn 'ssh-keygen': entity not found") },
  ];
  for (const exit of missing) {
    const platform = recordingPlatform();
    platform.processes.script("ssh-keygen -t rsa -N  -f /etc/ssh/ssh_host_rsa_key", exit);
    await using test = await createTestContext({ ssh_genkeytypes: ["rsa", "ed25519"] }, {
      platform,
    });

    const outcome = await test.run(sshModule);

    assertEquals(outcome, {
      status: "unchanged",
      message: "no host keys generated: ssh-keygen is not installed in the target; " +
        "no keys for the default user or root",
    });
    assertEquals(platform.processes.commands(), [
      "ssh-keygen -t rsa -N  -f /etc/ssh/ssh_host_rsa_key",
    ]);
    const warnings = test.logs.filter((line) => line.includes("ssh-keygen is not installed"));
    assertEquals(warnings.length, 1);
    assertEquals(platform.processes.calls.map((call) => call.logFailure), [false]);
  }
});
