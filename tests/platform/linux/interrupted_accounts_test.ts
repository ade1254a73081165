import { typedUser } from "../../../src/cloudconfig/_normalize_users.ts";
import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { LinuxUsers, PENDING_ACCOUNTS_DIR } from "../../../src/platform/linux/linux_users.ts";
import { assertEquals } from "../../_support/assert.ts";
import { RecordingProcesses, SMALL_ACCOUNTS, writeTree } from "./_fake_processes.ts";

/** Runs `fn` against a target with the small account files and the given markers. */
async function withMarkers(
  markers: string[],
  fn: (users: LinuxUsers, processes: RecordingProcesses, root: string) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "egs-pending-" });
  try {
    const files: Record<string, string> = { ...SMALL_ACCOUNTS };
    for (const marker of markers) files[`${PENDING_ACCOUNTS_DIR}/${marker}`] = "";
    await writeTree(root, files);
    const processes = new RecordingProcesses();
    const users = new LinuxUsers({ processes, files: new LinuxFiles(root), hostIsolated: true });
    await fn(users, processes, root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function remainingMarkers(root: string): Promise<string[]> {
  const entries = await Array.fromAsync(Deno.readDir(`${root}${PENDING_ACCOUNTS_DIR}`));
  return entries.map((entry) => entry.name);
}

Deno.test("LinuxUsers.ensureUser() recreates a user whose useradd was killed", async () => {
  await withMarkers(["user-alice"], async (users, processes, root) => {
    assertEquals(await users.ensureUser(typedUser({}, "alice", "users[0]")), true);
    assertEquals(processes.commandLines(), [
      "userdel -r -f alice",
      "useradd alice -m",
      "passwd -l alice",
    ]);
    assertEquals(await remainingMarkers(root), []);
  });
});

Deno.test("LinuxUsers.ensureUser() removes its marker after a clean useradd", async () => {
  await withMarkers([], async (users, processes, root) => {
    await users.ensureUser(typedUser({}, "bob", "users[0]"));
    assertEquals(processes.commandLines(), ["useradd bob -m", "passwd -l bob"]);
    assertEquals(await remainingMarkers(root), []);
  });
});

Deno.test("LinuxUsers.ensureGroup() recreates a group whose groupadd was killed", async () => {
  await withMarkers(["group-sudo"], async (users, processes, root) => {
    await users.ensureGroup({ name: "sudo", members: [] });
    assertEquals(processes.commandLines(), ["groupdel -f sudo", "groupadd sudo"]);
    assertEquals(await remainingMarkers(root), []);
  });
});

Deno.test("LinuxUsers.ensureUser() creates a user whose marker has no account yet", async () => {
  await withMarkers(["user-bob"], async (users, processes) => {
    await users.ensureUser(typedUser({}, "bob", "users[0]"));
    assertEquals(processes.commandLines(), ["useradd bob -m", "passwd -l bob"]);
  });
});

Deno.test("ensureGroup() adds a listed member again when its usermod was killed", async () => {
  // /etc/group lists alice in sudo, but the marker shows that usermod did not
  // finish (it writes /etc/gshadow after /etc/group).
  await withMarkers(["member-alice"], async (users, processes, root) => {
    await users.ensureGroup({ name: "sudo", members: ["alice"] });
    assertEquals(processes.commandLines(), ["usermod -a -G sudo alice"]);
    assertEquals(await remainingMarkers(root), []);
  });
  await withMarkers([], async (users, processes) => {
    await users.ensureGroup({ name: "sudo", members: ["alice"] });
    assertEquals(processes.commandLines(), []);
  });
});

Deno.test("ensureUser() repeats an existing user's interrupted group additions", async () => {
  await withMarkers(["member-alice"], async (users, processes, root) => {
    await users.ensureUser(typedUser({ groups: ["sudo"] }, "alice", "users[0]"));
    assertEquals(processes.commandLines()[0], "usermod -a -G sudo alice");
    assertEquals(await remainingMarkers(root), []);
  });
});
