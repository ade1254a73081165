import { assert, assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { gzipSync } from "fflate";
import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import { OperationError } from "../../src/errors.ts";
import { createWriteFilesModule } from "../../src/modules/write_files.ts";
import { createWriteFilesDeferredModule } from "../../src/modules/write_files_deferred.ts";
import { createTestContext } from "./_fakes.ts";

const encoder = new TextEncoder();
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const gzipped = gzipSync(encoder.encode("zipped\n"));

const encodingCases: [string, Record<string, unknown>, string][] = [
  ["plain text", { content: "plain\n" }, "plain\n"],
  ["text/plain", { content: "plain\n", encoding: "text/plain" }, "plain\n"],
  ["b64", { content: btoa("b64\n"), encoding: "b64" }, "b64\n"],
  ["base64 with line breaks", { content: "YmFz\nZTY0Cg==", encoding: "base64" }, "base64\n"],
  ["gz+b64", { content: base64(gzipped), encoding: "gz+b64" }, "zipped\n"],
  ["gzip+base64", { content: base64(gzipped), encoding: "gzip+base64" }, "zipped\n"],
  ["gz+base64", { content: base64(gzipped), encoding: "gz+base64" }, "zipped\n"],
  ["gzip+b64", { content: base64(gzipped), encoding: "gzip+b64" }, "zipped\n"],
  ["gzip bytes", { content: gzipped, encoding: "gzip" }, "zipped\n"],
  ["gz bytes", { content: gzipped, encoding: "gz" }, "zipped\n"],
  ["!!binary bytes", { content: encoder.encode("raw\n") }, "raw\n"],
];

for (const [name, fields, expected] of encodingCases) {
  Deno.test(`write_files decodes ${name}`, async () => {
    await using test = await createTestContext({ write_files: [{ path: "/etc/x", ...fields }] });
    await test.run(createWriteFilesModule());
    assertEquals(test.platform.files.text("/etc/x"), expected);
  });
}

Deno.test("write_files applies mode, owner and append", async () => {
  await using test = await createTestContext({
    write_files: [
      { path: "/etc/a", content: "1\n", permissions: "0600", owner: "alice:staff" },
      { path: "/etc/a", content: "2\n", append: true },
    ],
  });
  await test.platform.files.write("/etc/a", encoder.encode("0\n"));
  await test.run(createWriteFilesModule());
  assertEquals(test.platform.files.text("/etc/a"), "1\n2\n");
  assertEquals(test.platform.files.files.get("/etc/a")?.owner, "root:root");
  assertEquals(test.platform.files.files.get("/etc/a")?.mode, 0o644);
});

Deno.test("write_files skips deferred entries and write_files_deferred writes them", async () => {
  await using test = await createTestContext({
    write_files: [
      { path: "/etc/now", content: "now" },
      { path: "/home/alice/later", content: "later", defer: true, owner: "alice:alice" },
    ],
  });
  await test.run(createWriteFilesModule());
  assertEquals([...test.platform.files.files.keys()], ["/etc/now"]);

  await test.run(createWriteFilesDeferredModule());
  assertEquals(test.platform.files.files.get("/home/alice/later")?.owner, "alice:alice");
  assertEquals(createWriteFilesDeferredModule().stage, "final");
});

Deno.test("write_files fails naming the entry with invalid base64 and writes the rest", async () => {
  await using test = await createTestContext({
    write_files: [
      { path: "/etc/bad", content: "@@not base64@@", encoding: "b64" },
      { path: "/etc/good", content: "ok" },
    ],
  });
  const error = await assertRejects(() => test.run(createWriteFilesModule()), OperationError);
  assertStringIncludes(error.message, `Cannot write write_files[0] to "/etc/bad"`);
  assertStringIncludes(error.message, "not valid base64");
  assertEquals(test.platform.files.text("/etc/good"), "ok");
});

Deno.test("write_files fetches source.uri through the fetcher", async () => {
  const requests: string[] = [];
  const module = createWriteFilesModule({
    fetchSource: (uri, headers) => {
      requests.push(`${uri} ${JSON.stringify(headers)}`);
      return Promise.resolve(encoder.encode("fetched\n"));
    },
  });
  await using test = await createTestContext({
    write_files: [{
      path: "/etc/f",
      source: { uri: "http://127.0.0.1:1/f", headers: { "X-A": "1" } },
      content: "fallback",
    }],
  });
  await test.run(module);
  assertEquals(test.platform.files.text("/etc/f"), "fetched\n");
  assertEquals(requests, ['http://127.0.0.1:1/f {"X-A":"1"}']);
});

Deno.test("write_files falls back to content when source.uri fails", async () => {
  const module = createWriteFilesModule({
    fetchSource: () => Promise.reject(new Error("refused")),
  });
  await using test = await createTestContext({
    write_files: [
      { path: "/etc/with", source: { uri: "http://127.0.0.1:1/a" }, content: "fallback" },
      { path: "/etc/without", source: { uri: "http://127.0.0.1:1/b" } },
    ],
  });
  await test.run(module);
  assertEquals(test.platform.files.text("/etc/with"), "fallback");
  assertEquals(test.platform.files.text("/etc/without"), undefined);
  assert(test.logs.some((line) => line.includes("the entry is skipped")));
});

Deno.test("write_files default fetcher reads a loopback server", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => new Response(`served ${request.headers.get("x-token")}\n`),
  );
  try {
    await using test = await createTestContext({
      write_files: [{
        path: "/etc/served",
        source: { uri: `http://127.0.0.1:${server.addr.port}/x`, headers: { "X-Token": "t1" } },
      }],
    });
    await test.run(createWriteFilesModule());
    assertEquals(test.platform.files.text("/etc/served"), "served t1\n");
  } finally {
    await server.shutdown();
  }
});

sharedTest("write_files applies the bug-10 permissions", async (shared) => {
  const text = await Deno.readTextFile(`${shared}/cases/bug-10/user-data`);
  await using test = await createTestContext(loadCloudConfig(text));
  await test.run(createWriteFilesModule());
  const files = test.platform.files.files;
  const modes = ["a", "b", "c", "d", "e"].map((name) => files.get(`/var/tmp/bug10-${name}`)?.mode);
  assertEquals(modes, [0o640, 0o640, 0o640, 0o644, 0o644]);
  assertEquals(test.platform.files.text("/var/tmp/bug10-a"), "a\n");
  assertEquals(test.platform.files.text("/var/tmp/bug10-e"), "");
  for (const name of ["a", "b", "c", "d", "e"]) {
    assertEquals(files.get(`/var/tmp/bug10-${name}`)?.owner, "root:root");
  }
  const warnings = test.logs.filter((line) => line.includes('"level":"WARN"'));
  assertEquals(warnings.length, 1);
  assertStringIncludes(warnings[0], "write_files[3].permissions");
  assertStringIncludes(warnings[0], "rw-r-----");
});
