import { existsSync } from "node:fs";
import { typedUser } from "../../../src/cloudconfig/_normalize_users.ts";
import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { LinuxUsers } from "../../../src/platform/linux/linux_users.ts";
import type { DefaultUserSetting } from "../../../src/platform/linux/default_user.ts";
import { debianRootPath } from "../../_support/debian_root.ts";
import { assertEquals } from "../../_support/assert.ts";
import { RecordingProcesses, writeTree } from "./_fake_processes.ts";

const DEFAULT_ENTRY = typedUser({}, "default", "users[0]");

async function resolveIn(
  files: Record<string, string>,
  setting?: DefaultUserSetting,
  overrides = DEFAULT_ENTRY,
) {
  const root = await Deno.makeTempDir({ prefix: "egs-default-user-" });
  try {
    await writeTree(root, files);
    const users = new LinuxUsers({
      processes: new RecordingProcesses(),
      files: new LinuxFiles(root),
      hostIsolated: true,
      defaultUser: setting,
    });
    return await users.resolveDefaultUser(overrides);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("resolveDefaultUser() falls back to admin in adm and sudo", async () => {
  const user = await resolveIn({ "/etc/group": "root:x:0:\nadm:x:4:\nsudo:x:27:\n" });
  assertEquals(
    [user.name, user.groups, user.sudo, user.shell, user.lockPasswd, user.isDefault],
    ["admin", ["adm", "sudo"], ["ALL=(ALL) NOPASSWD:ALL"], "/bin/bash", true, true],
  );
});

Deno.test("resolveDefaultUser() uses wheel where the root has no sudo group", async () => {
  const user = await resolveIn({ "/etc/group": "root:x:0:\nadm:x:4:\nwheel:x:10:\n" });
  assertEquals(user.groups, ["adm", "wheel"]);
});

Deno.test("resolveDefaultUser() takes system_info.default_user from cloud.cfg and cloud.cfg.d", async () => {
  const user = await resolveIn({
    "/etc/group": "sudo:x:27:\n",
    "/etc/cloud/cloud.cfg":
      "system_info:\n  default_user:\n    name: debian\n    groups: [adm, sudo]\n    shell: /bin/bash\n",
    "/etc/cloud/cloud.cfg.d/90-site.cfg": "system_info:\n  default_user:\n    name: ops\n",
    "/etc/cloud/cloud.cfg.d/README": "system_info: {default_user: {name: ignored}}\n",
  });
  assertEquals([user.name, user.groups, user.shell, user.keyPath], [
    "ops",
    ["adm", "sudo"],
    "/bin/bash",
    "users[0]",
  ]);
});

Deno.test("resolveDefaultUser() prefers the defaultUser setting", async () => {
  const cloudCfg = { "/etc/cloud/cloud.cfg": "system_info:\n  default_user:\n    name: debian\n" };
  const byName = await resolveIn({ ...cloudCfg, "/etc/group": "sudo:x:27:\n" }, "operator");
  assertEquals([byName.name, byName.groups], ["operator", ["adm", "sudo"]]);

  const byMapping = await resolveIn(cloudCfg, { name: "svc", groups: "users", sudo: false });
  assertEquals([byMapping.name, byMapping.groups, byMapping.sudo], ["svc", ["users"], []]);
});

Deno.test("resolveDefaultUser() applies the fields the default entry sets", async () => {
  const overrides = typedUser(
    { name: "default", lock_passwd: false, ssh_authorized_keys: ["ssh-ed25519 AAAA k"] },
    "default",
    "users[0]",
  );
  const user = await resolveIn({ "/etc/group": "sudo:x:27:\n" }, undefined, overrides);
  assertEquals(
    [user.name, user.lockPasswd, user.sshAuthorizedKeys, user.groups],
    ["admin", false, ["ssh-ed25519 AAAA k"], ["adm", "sudo"]],
  );
});

Deno.test({
  name: "resolveDefaultUser() reads Debian's cloud.cfg in the cloud-init root",
  ignore: !existsSync(debianRootPath("cloud-init")),
  fn: async () => {
    // Read-only use of the cached root: nothing is written to it.
    const users = new LinuxUsers({
      processes: new RecordingProcesses(),
      files: new LinuxFiles(debianRootPath("cloud-init")),
      hostIsolated: true,
    });
    const user = await users.resolveDefaultUser(DEFAULT_ENTRY);
    assertEquals([user.name, user.gecos, user.shell, user.lockPasswd], [
      "debian",
      "Debian",
      "/bin/bash",
      true,
    ]);
    assertEquals(user.sudo, ["ALL=(ALL) NOPASSWD:ALL"]);
    assertEquals(user.groups.includes("sudo"), true);
  },
});
