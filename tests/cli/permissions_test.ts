import { join } from "node:path";
import { assertEquals } from "../_support/assert.ts";
import { SERVICE_PERMISSION_FLAGS } from "../../src/permissions.ts";

Deno.test("service permission flags allow reading /proc", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const script = join(dir, "read_boot_id.ts");
    await Deno.writeTextFile(
      script,
      "await Deno.readTextFile('/proc/sys/kernel/random/boot_id');\nconsole.log('read');\n",
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...SERVICE_PERMISSION_FLAGS, script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(new TextDecoder().decode(output.stdout).trim(), "read");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
