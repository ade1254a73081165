import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import { normalizeCloudConfig } from "../../src/cloudconfig/validate.ts";
import { OperationError } from "../../src/errors.ts";
import { assertEquals, assertStringIncludes, assertThrows } from "../_support/assert.ts";

function normalize(yaml: string) {
  return normalizeCloudConfig(loadCloudConfig(`#cloud-config\n${yaml}`));
}

Deno.test("normalizeCloudConfig() splits every groups form into trimmed names", () => {
  const config = normalize(
    "users:\n  - {name: a, groups: 'ops, dev'}\n  - {name: b, groups: [ops, dev]}\n" +
      "  - {name: c, groups: 'ops,dev'}\n  - {name: d, groups: {ops: null, dev: null}}\n",
  );
  for (const user of config.users) assertEquals(user.groups, ["ops", "dev"], user.name);
});

Deno.test("normalizeCloudConfig() keeps inner spaces of group names", () => {
  const config = normalize(
    "users:\n  - name: a\n    groups: Administrators, Remote Desktop Users\n",
  );
  assertEquals(config.users[0].groups, ["Administrators", "Remote Desktop Users"]);
});

Deno.test("normalizeCloudConfig() turns every sudo form into a list of rules", () => {
  const config = normalize(
    "users:\n  - {name: a, sudo: 'ALL=(ALL) ALL'}\n  - {name: b, sudo: [r1, null, r2]}\n" +
      "  - {name: c, sudo: true}\n  - {name: d, sudo: false}\n  - {name: e, sudo: null}\n  - f\n",
  );
  assertEquals(config.users.map((user) => user.sudo), [
    ["ALL=(ALL) ALL"],
    ["r1", "r2"],
    ["ALL=(ALL) NOPASSWD:ALL"],
    [],
    [],
    [],
  ]);
});

Deno.test("normalizeCloudConfig() resolves default and the user override", () => {
  const config = normalize("users: default, bob\nuser: {name: admin, shell: /bin/zsh}\n");
  assertEquals(config.users.map((user) => [user.name, user.isDefault]), [
    ["admin", true],
    ["bob", false],
  ]);
  assertEquals(config.users[0].shell, "/bin/zsh");
});

Deno.test("normalizeCloudConfig() adds the default user when only user is given", () => {
  const config = normalize("user: admin\n");
  assertEquals(config.users.length, 1);
  assertEquals(config.users[0].name, "admin");
  assertEquals(config.users[0].isDefault, true);
});

Deno.test("normalizeCloudConfig() reads the users mapping form", () => {
  const config = normalize("users:\n  alice: true\n  bob: {groups: adm}\n  carol: false\n");
  assertEquals(config.users.map((user) => [user.name, user.groups]), [
    ["alice", []],
    ["bob", ["adm"]],
  ]);
});

Deno.test("normalizeCloudConfig() folds hyphenated aliases and fills defaults", () => {
  const [user] = normalize("users:\n  - {name: a, lock-passwd: false, uid: '1001'}\n").users;
  assertEquals(user.lockPasswd, false);
  assertEquals(user.uid, 1001);
  assertEquals(user.createGroups, true);
  assertEquals(user.keyPath, "users[0]");
});

Deno.test("normalizeCloudConfig() parses permissions as octal text", () => {
  const config = normalize(
    "write_files:\n  - {path: /a, permissions: '0640'}\n  - {path: /b, permissions: 0640}\n" +
      "  - {path: /c, permissions: 640}\n  - {path: /d, permissions: 'rw-r-----'}\n" +
      "  - {path: /e}\n",
  );
  assertEquals(config.writeFiles.map((file) => file.mode), [0o640, 0o640, 0o640, 0o644, 0o644]);
  assertEquals(config.writeFiles[4].content, "");
  assertEquals(config.writeFiles[4].owner, "root:root");
});

Deno.test("normalizeCloudConfig() maps encodings to four canonical names", () => {
  const encodings = ["gz", "gzip+b64", "b64", "text/plain", "gz+base64"];
  const yaml = "write_files:\n" +
    encodings.map((encoding, index) => `  - {path: /${index}, encoding: ${encoding}}\n`).join("");
  assertEquals(normalize(yaml).writeFiles.map((file) => file.encoding), [
    "gzip",
    "gzip+base64",
    "base64",
    "text",
    "gzip+base64",
  ]);
});

Deno.test("normalizeCloudConfig() keeps runcmd argv text and skips null entries", () => {
  const config = normalize("runcmd:\n  - [install, -m, 0700, -d, /x]\n  - echo hi\n  -\n");
  assertEquals(config.runcmd, [
    { kind: "argv", argv: ["install", "-m", "0700", "-d", "/x"] },
    { kind: "shell", command: "echo hi" },
  ]);
});

Deno.test("normalizeCloudConfig() reads chpasswd users and list forms", () => {
  const fromUsers = normalize(
    "chpasswd:\n  expire: false\n  users:\n    - {name: a, password: x, type: text}\n" +
      "    - {name: b, type: RANDOM}\n    - {name: c, password: '$6$s$h'}\n",
  ).chpasswd!;
  assertEquals(fromUsers.expire, false);
  assertEquals(fromUsers.entries.map((entry) => [entry.name, entry.kind]), [
    ["a", "text"],
    ["b", "random"],
    ["c", "hash"],
  ]);
  const fromList = normalize("chpasswd:\n  list: |\n    a:pw\n    b:R\n").chpasswd!;
  assertEquals(fromList.expire, true);
  assertEquals(fromList.entries.map((entry) => [entry.name, entry.kind, entry.password]), [
    ["a", "text", "pw"],
    ["b", "random", undefined],
  ]);
});

Deno.test("normalizeCloudConfig() reads power_state delays", () => {
  assertEquals(normalize("power_state: {mode: reboot, delay: '+5'}\n").powerState?.delayMinutes, 5);
  assertEquals(normalize("power_state: {mode: halt, delay: now}\n").powerState?.delayMinutes, 0);
  assertEquals(normalize("power_state: {mode: halt}\n").powerState?.timeoutSeconds, 30);
});

Deno.test("normalizeCloudConfig() reads locale false and ssh_pwauth text", () => {
  assertEquals(normalize("locale: false\n").locale, false);
  assertEquals(normalize("locale: de_DE.UTF-8\n").locale, "de_DE.UTF-8");
  assertEquals(normalize("ssh_pwauth: unchanged\n").sshPwauth, "unchanged");
  assertEquals(normalize("ssh_pwauth: 'yes'\n").sshPwauth, true);
});

Deno.test("normalizeCloudConfig() fills ntp, growpart and keyboard defaults", () => {
  const config = normalize("ntp:\ngrowpart: {mode: false}\nkeyboard: {layout: de}\n");
  assertEquals(config.ntp?.enabled, true);
  assertEquals(config.ntp?.client, "auto");
  assertEquals(config.growpart, { mode: "off", devices: ["/"] });
  assertEquals(config.keyboard?.model, "pc105");
});

Deno.test("normalizeCloudConfig() lists not-applied keys and reads egs flags", () => {
  const config = normalize("packages: [vim]\negs:\n  settings: {port_forwarding: true}\n");
  assertEquals(config.notApplied, ["packages"]);
  assertEquals(config.egs?.settings.portForwarding, true);
});

Deno.test("normalizeCloudConfig() rejects an invalid config", () => {
  const error = assertThrows(() => normalize("runcmd:\n  - 42\n"), OperationError);
  assertStringIncludes(error.message, "runcmd[0]");
});
