import { OperationError } from "../../../src/errors.ts";
import { DOAS_FILE, writeDoasRules } from "../../../src/platform/linux/doas_rules.ts";
import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { assertEquals, assertRejects } from "../../_support/assert.ts";

Deno.test("writeDoasRules() writes a block once with mode 0440", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-doas-" });
  try {
    const files = new LinuxFiles(root);
    await writeDoasRules(files, "alice", ["permit nopass alice as root"], "users[0]");
    await writeDoasRules(files, "alice", ["permit nopass alice as root"], "users[0]");
    await writeDoasRules(files, "bob", ["deny bob cmd /bin/su"], "users[1]");
    assertEquals(
      await Deno.readTextFile(`${root}${DOAS_FILE}`),
      "\n# cloud-init User rules for alice\npermit nopass alice as root\n" +
        "\n# cloud-init User rules for bob\ndeny bob cmd /bin/su\n",
    );
    assertEquals(Deno.statSync(`${root}${DOAS_FILE}`).mode! & 0o777, 0o440);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("writeDoasRules() rejects a rule for another user", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-doas-" });
  try {
    const files = new LinuxFiles(root);
    await assertRejects(
      () => writeDoasRules(files, "alice", ["permit nopass bob"], "users[0]"),
      OperationError,
      'Invalid doas rule "permit nopass bob" at users[0].doas',
    );
    assertEquals(await files.exists(DOAS_FILE), false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
