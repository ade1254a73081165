import { typedUser } from "../../../src/cloudconfig/_normalize_users.ts";
import { useraddArgs } from "../../../src/platform/linux/useradd_args.ts";
import { assertEquals } from "../../_support/assert.ts";

Deno.test("useraddArgs() maps user keys to useradd options", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["plain user", {}, ["useradd", "bob", "-m"]],
    ["gecos", { gecos: "Bob B" }, ["useradd", "bob", "--comment", "Bob B", "-m"]],
    ["homedir", { homedir: "/srv/bob" }, ["useradd", "bob", "--home", "/srv/bob", "-m"]],
    ["shell", { shell: "/bin/zsh" }, ["useradd", "bob", "--shell", "/bin/zsh", "-m"]],
    ["uid", { uid: 1500 }, ["useradd", "bob", "--uid", "1500", "-m"]],
    ["primary group", { primary_group: "staff" }, ["useradd", "bob", "--gid", "staff", "-m"]],
    ["groups", { groups: "adm, sudo" }, ["useradd", "bob", "--groups", "adm,sudo", "-m"]],
    ["system user", { system: true }, ["useradd", "bob", "--system", "-M"]],
    ["no_create_home", { no_create_home: true }, ["useradd", "bob", "-M"]],
    ["no_user_group", { no_user_group: true }, ["useradd", "bob", "--no-user-group", "-m"]],
    ["no_log_init", { no_log_init: true }, ["useradd", "bob", "--no-log-init", "-m"]],
    ["expiredate", { expiredate: "2030-01-01" }, [
      "useradd",
      "bob",
      "--expiredate",
      "2030-01-01",
      "-m",
    ]],
    ["inactive", { inactive: "5" }, ["useradd", "bob", "--inactive", "5", "-m"]],
    ["selinux_user", { selinux_user: "staff_u" }, [
      "useradd",
      "bob",
      "--selinux-user",
      "staff_u",
      "-m",
    ]],
    [
      "options in cloud-init's key order",
      {
        uid: 2000,
        shell: "/bin/sh",
        gecos: "B",
        groups: ["wheel"],
        expiredate: "2030-01-01",
        system: true,
      },
      [
        "useradd",
        "bob",
        "--expiredate",
        "2030-01-01",
        "--comment",
        "B",
        "--groups",
        "wheel",
        "--shell",
        "/bin/sh",
        "--system",
        "--uid",
        "2000",
        "-M",
      ],
    ],
  ];
  for (const [name, entry, expected] of cases) {
    assertEquals(useraddArgs(typedUser(entry, "bob", "users[0]")), expected, name);
  }
});

Deno.test("useraddArgs() never puts a password on the command line", () => {
  const user = typedUser(
    { passwd: "$6$salt$hash", plain_text_passwd: "secret" },
    "bob",
    "users[0]",
  );
  const argv = useraddArgs(user).join(" ");
  assertEquals(argv.includes("$6$"), false);
  assertEquals(argv.includes("secret"), false);
});
