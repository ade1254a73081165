import { assert, assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import { OperationError } from "../../src/errors.ts";
import { createModules } from "../../src/modules/mod.ts";
import { setPasswordsModule } from "../../src/modules/set_passwords.ts";
import { SSH_PWAUTH_DROP_IN } from "../../src/modules/_ssh_password_auth.ts";
import { createTestContext, recordingPlatform } from "./_fakes.ts";

const HASH = "$6$bug13salt$OybESYXK1Cqo0G10XxA/KTU7Tiq87q4OOqGdwjabTCAzk3ZfqC1vDa9xv7/" +
  "tag34daUnnwJZW1oqnwEINnzFU/";

Deno.test("set_passwords expires only clear-text passwords", async () => {
  await using test = await createTestContext({
    chpasswd: {
      users: [
        { name: "alice", password: HASH },
        { name: "bob", password: "Plain-Secret", type: "text" },
      ],
    },
  });
  await test.run(setPasswordsModule);
  const set = test.platform.users.passwords.map((entry) => `${entry.name}:${entry.kind}`);
  assertEquals(set, ["alice:hash", "bob:text"]);
  assertEquals(test.platform.users.expired, ["bob"]);
});

Deno.test("set_passwords reads the legacy chpasswd.list", async () => {
  await using test = await createTestContext({
    chpasswd: { list: "alice:Plain-Secret\nbob:RANDOM\n", expire: false },
  }, { hostIsolated: false });
  await test.run(setPasswordsModule);
  const set = test.platform.users.passwords.map((entry) => `${entry.name}:${entry.kind}`);
  assertEquals(set, ["alice:text", "bob:random"]);
  assertEquals(test.platform.users.expired, []);
});

Deno.test("set_passwords gives password to the default user", async () => {
  await using test = await createTestContext({ password: "Default-Secret" });
  await test.run(setPasswordsModule);
  assertEquals(test.platform.users.passwords.map((entry) => [entry.name, entry.keyPath]), [
    ["admin", "password"],
  ]);
});

Deno.test("set_passwords skips RANDOM under --root with a warning", async () => {
  await using test = await createTestContext({
    chpasswd: { expire: false, users: [{ name: "carol", type: "RANDOM" }] },
  }, { hostIsolated: true });
  await test.run(setPasswordsModule);
  assertEquals(test.platform.users.passwords, []);
  const warnings = test.logs.filter((line) => line.includes('"level":"WARN"'));
  assertEquals(warnings.length, 1);
  assertStringIncludes(warnings[0], "chpasswd.users[0]");
});

Deno.test("set_passwords sets RANDOM through the platform on a live system", async () => {
  await using test = await createTestContext({
    chpasswd: { expire: false, users: [{ name: "carol", type: "RANDOM" }] },
  }, { hostIsolated: false });
  await test.run(setPasswordsModule);
  assertEquals(test.platform.users.passwords.map((entry) => entry.kind), ["random"]);
  assertEquals(test.logs.some((line) => line.includes("Generated-Random-Secret")), false);
});

const pwauthCases: [unknown, string | undefined][] = [
  [true, "PasswordAuthentication yes\n"],
  [false, "PasswordAuthentication no\n"],
  ["yes", "PasswordAuthentication yes\n"],
  ["unchanged", undefined],
];

for (const [value, expected] of pwauthCases) {
  Deno.test(`set_passwords writes ssh_pwauth ${value}`, async () => {
    await using test = await createTestContext({ ssh_pwauth: value });
    await test.run(setPasswordsModule);
    assertEquals(test.platform.files.text(SSH_PWAUTH_DROP_IN), expected);
    if (expected !== undefined) {
      assertEquals(test.platform.files.files.get(SSH_PWAUTH_DROP_IN)?.mode, 0o600);
    }
  });
}

Deno.test("set_passwords names the key path but not the password on failure", async () => {
  const platform = recordingPlatform();
  platform.users.setPassword = (entry) =>
    Promise.reject(new Error(`chpasswd rejected ${entry.password}`));
  await using test = await createTestContext({
    chpasswd: { users: [{ name: "bob", password: "Plain-Secret", type: "text" }] },
  }, { platform });
  const error = await assertRejects(() => test.run(setPasswordsModule), OperationError);
  assertStringIncludes(error.message, "chpasswd.users[0]");
  assertEquals(error.message.includes("Plain-Secret"), false);
  assertEquals(test.logs.some((line) => line.includes("Plain-Secret")), false);
});

const SECRETS = [
  "Bug13-Plain-Secret!",
  "Bug13-Hashed-Secret",
  "$6$bug13salt$",
  "Generated-Random-Secret",
];

for (const hostIsolated of [true, false]) {
  sharedTest(`modules log no bug-13 secret (hostIsolated ${hostIsolated})`, async (shared) => {
    const text = await Deno.readTextFile(`${shared}/cases/bug-13/user-data`);
    const raw = loadCloudConfig(text);
    await using test = await createTestContext(raw, { hostIsolated });
    const messages: string[] = [];
    for (const module of createModules()) {
      const outcome = await test.run(module).catch((error: Error) => {
        messages.push(error.message);
        return undefined;
      });
      if (outcome?.status !== "reboot" && outcome?.message) messages.push(outcome.message);
    }

    assert(test.platform.users.users.some((user) => user.name === "bob"));
    assert(test.logs.length > 0);
    for (const secret of SECRETS) {
      const leaks = [...test.logs, ...messages].filter((line) => line.includes(secret));
      assertEquals(leaks, [], `"${secret}" leaked`);
    }
  });
}

Deno.test("set_passwords ignores password when chpasswd has entries", async () => {
  await using test = await createTestContext({
    password: "Default-Secret",
    chpasswd: { users: [{ name: "bob", password: "Plain-Secret", type: "text" }] },
  });
  await test.run(setPasswordsModule);
  assertEquals(test.platform.users.passwords.map((entry) => entry.name), ["bob"]);
});

Deno.test("set_passwords warns about an unknown ssh_pwauth", async () => {
  await using test = await createTestContext({ ssh_pwauth: "sometimes" });
  await test.run(setPasswordsModule);
  assertEquals(test.platform.files.text(SSH_PWAUTH_DROP_IN), undefined);
  const warnings = test.logs.filter((line) => line.includes('"level":"WARN"'));
  assertStringIncludes(warnings[0] ?? "", "sometimes");
});
