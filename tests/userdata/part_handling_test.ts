import { assertEquals, assertRejects } from "../_support/assert.ts";
import { NotAMappingError } from "../../src/cloudconfig/load.ts";
import { codes, multipart, run } from "./_helpers.ts";

Deno.test("processUserData() rejects a top-level list document", async () => {
  await assertRejects(() => run("#cloud-config\n- a\n- b\n"), NotAMappingError);
});

Deno.test("processUserData() skips a list part inside multipart", async () => {
  const message = multipart([
    "Content-Type: text/cloud-config\n\n#cloud-config\n- a\n",
    "Content-Type: text/cloud-config\n\n#cloud-config\nhostname: host01\n",
  ]);
  const result = await run(message);
  assertEquals(result.cloudConfig, { hostname: "host01" });
  assertEquals(codes(result), ["cloud-config-not-mapping"]);
});

Deno.test("processUserData() skips plain archive string entries", async () => {
  const archive =
    "#cloud-config-archive\n- just some text\n- '#cloud-config\n\n  hostname: host02'\n";
  const result = await run(archive);
  assertEquals(result.cloudConfig, { hostname: "host02" });
  assertEquals(codes(result), ["cloud-config-not-mapping"]);
});

Deno.test("processUserData() applies a cloud-config-jsonp patch", async () => {
  const message = multipart([
    "Content-Type: text/cloud-config\n\n#cloud-config\nhostname: host01\nruncmd: [a]\n",
    'Content-Type: text/cloud-config-jsonp\n\n[{"op": "add", "path": "/runcmd/-", "value": "b"}]\n',
  ]);
  const result = await run(message);
  assertEquals(result.cloudConfig, { hostname: "host01", runcmd: ["a", "b"] });
  assertEquals(codes(result), []);
});

Deno.test("processUserData() falls back to X-Merge-Type", async () => {
  const message = multipart([
    "Content-Type: text/cloud-config\n\n#cloud-config\nruncmd: [a]\n",
    "Content-Type: text/cloud-config\nMerge-Type:\nX-Merge-Type: list(append)+dict(recurse_array)\n\n#cloud-config\nruncmd: [b]\n",
  ]);
  const result = await run(message);
  assertEquals(result.cloudConfig, { runcmd: ["a", "b"] });
});
