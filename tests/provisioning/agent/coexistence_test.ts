import { join } from "node:path";
import { defersToCloudInit, detectCloudInit } from "../../../src/provisioning/agent/coexistence.ts";
import { assertEquals } from "../../_support/assert.ts";

Deno.test("detectCloudInit() checks program and disable switches", async () => {
  const root = await Deno.makeTempDir();
  try {
    const options = { root, kernelCommandLinePath: "/proc/cmdline" };
    assertEquals(await detectCloudInit(options), { installed: false });

    await Deno.mkdir(join(root, "usr/bin"), { recursive: true });
    await Deno.writeTextFile(join(root, "usr/bin/cloud-init"), "");
    assertEquals(await detectCloudInit(options), { installed: true });

    await Deno.mkdir(join(root, "proc"));
    await Deno.writeTextFile(join(root, "proc/cmdline"), "ro quiet cloud-init=disabled\n");
    assertEquals(
      (await detectCloudInit(options)).disabledBy,
      "cloud-init=disabled on the kernel command line",
    );

    await Deno.mkdir(join(root, "etc/cloud"), { recursive: true });
    await Deno.writeTextFile(join(root, "etc/cloud/cloud-init.disabled"), "");
    assertEquals(
      (await detectCloudInit(options)).disabledBy,
      "/etc/cloud/cloud-init.disabled",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("defersToCloudInit() honours coexistence and --force", () => {
  const enabled = { installed: true };
  assertEquals(defersToCloudInit(enabled, "defer", false), true);
  assertEquals(defersToCloudInit(enabled, "provision", false), false);
  assertEquals(defersToCloudInit(enabled, "defer", true), false);
  assertEquals(defersToCloudInit({ installed: true, disabledBy: "x" }, "defer", false), false);
  assertEquals(defersToCloudInit({ installed: false }, "defer", false), false);
});
