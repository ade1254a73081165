import { assertEquals, assertRejects, assertStringIncludes } from "../../_support/assert.ts";
import { LinuxBoot } from "../../../src/platform/linux/boot.ts";

async function withProcDir(fn: (procDir: string) => Promise<void>): Promise<void> {
  const procDir = await Deno.makeTempDir({ prefix: "egs-proc-" });
  try {
    await fn(procDir);
  } finally {
    await Deno.remove(procDir, { recursive: true });
  }
}

Deno.test("LinuxBoot reads the boot id without its newline", async () => {
  await withProcDir(async (procDir) => {
    await Deno.mkdir(`${procDir}/sys/kernel/random`, { recursive: true });
    await Deno.writeTextFile(
      `${procDir}/sys/kernel/random/boot_id`,
      "6a4b7f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\n",
    );

    assertEquals(await new LinuxBoot(procDir).readBootId(), "6a4b7f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
  });
});

Deno.test("LinuxBoot names --boot-id when the boot id is missing", async () => {
  await withProcDir(async (procDir) => {
    await assertRejects(() => new LinuxBoot(procDir).readBootId(), Error, "pass --boot-id");
  });
});

Deno.test("LinuxBoot explains the /proc permission", async () => {
  const module = new URL("../../../src/platform/linux/boot.ts", import.meta.url).href;
  const config = new URL("../../../deno.json", import.meta.url).pathname;
  const script = await Deno.makeTempFile({ prefix: "egs-boot-", suffix: ".ts" });
  try {
    await Deno.writeTextFile(
      script,
      `import { LinuxBoot } from ${JSON.stringify(module)};\n` +
        "await new LinuxBoot().readBootId().catch((error) => console.log(error.message));\n",
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--config", config, "--allow-read", script],
      stdout: "piped",
      stderr: "piped",
    }).output();

    const printed = new TextDecoder().decode(output.stdout);
    assertStringIncludes(printed, "Deno reads /proc only when every permission is granted");
    assertStringIncludes(printed, "or pass --boot-id");
  } finally {
    await Deno.remove(script);
  }
});

Deno.test("LinuxBoot computes the boot time from the uptime", async () => {
  await withProcDir(async (procDir) => {
    await Deno.writeTextFile(`${procDir}/uptime`, "120.50 230.10\n");
    const now = new Date(Date.UTC(2026, 11, 4, 20, 2, 0, 500));

    const bootTime = await new LinuxBoot(procDir, () => now).readBootTime();

    assertEquals(bootTime?.toISOString(), "2026-12-04T20:00:00.000Z");
  });
});

Deno.test("LinuxBoot returns no boot time without /proc/uptime", async () => {
  await withProcDir(async (procDir) => {
    assertEquals(await new LinuxBoot(procDir).readBootTime(), undefined);
  });
});
