import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import {
  renderSudoRules,
  SUDOERS_USERS_FILE,
  writeSudoRules,
} from "../../../src/platform/linux/sudoers.ts";
import { assertEquals, assertStringIncludes } from "../../_support/assert.ts";
import { SMALL_ACCOUNTS, writeTree } from "./_fake_processes.ts";

const NOW = new Date("2026-12-04T00:00:00Z");

Deno.test("renderSudoRules() writes one line per rule after a comment", () => {
  assertEquals(
    renderSudoRules("alice", ["ALL=(ALL) NOPASSWD:ALL", "ALL=(root) /usr/bin/apt"]),
    "\n# User rules for alice\nalice ALL=(ALL) NOPASSWD:ALL\nalice ALL=(root) /usr/bin/apt\n",
  );
});

Deno.test("writeSudoRules() creates the file with mode 0440 and appends once", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-sudoers-" });
  try {
    await writeTree(root, {
      ...SMALL_ACCOUNTS,
      "/etc/sudoers": "root ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n",
    });
    const files = new LinuxFiles(root);
    await writeSudoRules(files, "alice", ["ALL=(ALL) NOPASSWD:ALL"], NOW);
    await writeSudoRules(files, "bob", ["ALL=(ALL) ALL"], NOW);
    await writeSudoRules(files, "alice", ["ALL=(ALL) NOPASSWD:ALL"], NOW);

    const hostPath = `${root}${SUDOERS_USERS_FILE}`;
    assertEquals(
      await Deno.readTextFile(hostPath),
      `# Created by eryph guest services on ${NOW.toUTCString()}\n` +
        "\n# User rules for alice\nalice ALL=(ALL) NOPASSWD:ALL\n" +
        "\n# User rules for bob\nbob ALL=(ALL) ALL\n",
    );
    assertEquals((await Deno.stat(hostPath)).mode! & 0o7777, 0o440);
    assertEquals((await Deno.stat(`${root}/etc/sudoers.d`)).mode! & 0o7777, 0o750);
    assertEquals(
      await Deno.readTextFile(`${root}/etc/sudoers`),
      "root ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("writeSudoRules() adds the includedir line that /etc/sudoers lacks", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-sudoers-" });
  try {
    await writeTree(root, { ...SMALL_ACCOUNTS, "/etc/sudoers": "root ALL=(ALL:ALL) ALL\n" });
    await writeSudoRules(new LinuxFiles(root), "alice", ["ALL=(ALL) ALL"], NOW);
    const sudoers = await Deno.readTextFile(`${root}/etc/sudoers`);
    assertStringIncludes(sudoers, "root ALL=(ALL:ALL) ALL\n\n# Added by eryph guest services");
    assertStringIncludes(sudoers, "\n#includedir /etc/sudoers.d\n");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
