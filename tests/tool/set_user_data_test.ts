import { assertEquals } from "../_support/assert.ts";
import { readKvpPayload } from "../../src/datasources/kvp_payload.ts";
import { payloadChanges, runSetUserData } from "../../src/tool/commands/set_user_data.ts";
import { parseVmTarget } from "../../src/tool/vm_target.ts";
import { captureOutput, FakeHostKvp } from "./_fake_host_kvp.ts";

const PREFIX = "eryph:provisioning";

Deno.test("payloadChanges() deletes chunks an older, longer payload left", async () => {
  const existing = new Map([
    [`${PREFIX}:user-data.0`, "a"],
    [`${PREFIX}:user-data.1`, "b"],
    [`${PREFIX}:user-data.chunks`, "2"],
    [`${PREFIX}:user-data-other`, "kept"],
  ]);
  const changes = await payloadChanges(
    existing,
    "user-data",
    new TextEncoder().encode("hi"),
    PREFIX,
  );
  assertEquals(changes[`${PREFIX}:user-data`], "hi");
  assertEquals(changes[`${PREFIX}:user-data.0`], null);
  assertEquals(changes[`${PREFIX}:user-data.chunks`], null);
  assertEquals(`${PREFIX}:user-data-other` in changes, false);
});

Deno.test("runSetUserData() writes payloads the guest reader accepts", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const userData = "#cloud-config\n" + "runcmd: [echo hi]\n".repeat(200);
    await Deno.writeTextFile(`${dir}/user-data`, userData);
    await Deno.writeFile(`${dir}/meta-data`, new Uint8Array([0, 1, 2, 255]));
    const kvp = new FakeHostKvp();
    await captureOutput(() =>
      runSetUserData(kvp, parseVmTarget("cid:3"), `${dir}/user-data`, {
        metaData: `${dir}/meta-data`,
      })
    );
    const userPayload = await readKvpPayload(kvp.groups.external, "user-data");
    assertEquals(userPayload.state, "complete");
    if (userPayload.state === "complete") {
      assertEquals(new TextDecoder().decode(userPayload.bytes), userData);
    }
    const metaPayload = await readKvpPayload(kvp.groups.external, "meta-data");
    assertEquals(metaPayload.state === "complete" && [...metaPayload.bytes], [0, 1, 2, 255]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
