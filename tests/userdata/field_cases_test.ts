import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { processUserData } from "../../src/userdata/process_user_data.ts";
import { codes, text } from "./_helpers.ts";

function readCase(shared: string, ...parts: string[]): Promise<Uint8Array> {
  return Deno.readFile(join(shared, "cases", ...parts));
}

sharedTest(
  "field case bug-01 keeps the boothook and merges the x-shellscript config",
  async (shared) => {
    const result = await processUserData({
      userData: await readCase(shared, "bug-01", "user-data"),
    });
    assertEquals(result.boothooks.map((hook) => hook.name), ["early.sh"]);
    assertStringIncludes(text(result.boothooks[0].content), "boothook $INSTANCE_ID");
    assertEquals(result.scripts.map((script) => script.name), ["late.sh"]);
    assertEquals(result.cloudConfig, { hostname: "host01" });
    assertEquals(result.warnings, []);
  },
);

sharedTest("field case bug-02 names unnamed script parts distinctly", async (shared) => {
  const result = await processUserData({ userData: await readCase(shared, "bug-02", "user-data") });
  assertEquals(result.scripts.map((script) => script.name), ["part-001", "part-002"]);
  assertStringIncludes(text(result.scripts[0].content), "bug02-a");
  assertStringIncludes(text(result.scripts[1].content), "bug02-b");
  assertEquals(result.warnings, []);
});

sharedTest("field case bug-02 Windows parts run with PowerShell", async (shared) => {
  const result = await processUserData({
    userData: await readCase(shared, "bug-02", "user-data.windows"),
  });
  assertEquals(result.scripts.map((script) => [script.name, script.interpreter]), [
    ["part-001", "powershell"],
    ["part-002", "powershell"],
  ]);
});

sharedTest("field case bug-04 applies raw gzip user-data", async (shared) => {
  const result = await processUserData({ userData: await readCase(shared, "bug-04", "user-data") });
  assertEquals(result.cloudConfig["hostname"], "host01");
  assertEquals(result.warnings, []);
});

sharedTest("field case bug-04 leaves NoCloud base64 undecoded with a warning", async (shared) => {
  const result = await processUserData({
    userData: await readCase(shared, "bug-04", "user-data.b64"),
  });
  assertEquals(result.cloudConfig, {});
  assertEquals(codes(result), ["unrecognised-user-data"]);
  assertStringIncludes(result.warnings[0].hint ?? "", "base64");
});

sharedTest("field case bug-04 decodes base64 marked as base64 (Azure)", async (shared) => {
  const result = await processUserData({
    userData: await readCase(shared, "bug-04", "user-data.b64"),
    base64: true,
  });
  assertEquals(result.cloudConfig["hostname"], "host01");
  const files = result.cloudConfig["write_files"] as { content: string }[];
  assertEquals(files[0].content, "gzip-ok\n");
});

sharedTest("field case bug-04 decodes the Azure CustomData element", async (shared) => {
  const ovf = await Deno.readTextFile(join(shared, "cases", "bug-04", "ovf-env.xml"));
  const customData = /<ns1:CustomData>([^<]*)<\/ns1:CustomData>/.exec(ovf)![1];
  const result = await processUserData({
    userData: new TextEncoder().encode(customData),
    base64: true,
  });
  assertEquals(result.cloudConfig["hostname"], "host01");
});

sharedTest("field case bug-06 removes CR from CRLF cloud-config", async (shared) => {
  const result = await processUserData({ userData: await readCase(shared, "bug-06", "user-data") });
  assertEquals(result.cloudConfig["hostname"], "host01");
  assert(!JSON.stringify(result.cloudConfig).includes("\\r"), "a value still contains CR");
  const files = result.cloudConfig["write_files"] as { content: string }[];
  assertEquals(files[0].content, "line1\nline2\n");
});

sharedTest("field case bug-06 gives a CRLF script LF line endings", async (shared) => {
  const script = await readCase(shared, "bug-06", "user-data.script");
  assert(text(script).includes("\r\n"), "the input lost its CRLF line endings");
  const result = await processUserData({ userData: script });
  const body = text(result.scripts[0].content);
  assertEquals(body.split("\n")[0], "#!/bin/sh");
  assert(!body.includes("\r"), "the script still contains CR");
  assertEquals(result.scripts[0].interpreter, "direct");
});
