import { gzipSync } from "fflate";
import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { defaultSettings } from "../../src/settings/settings.ts";
import { createDefaultFetcher, type Fetcher } from "../../src/userdata/fetcher.ts";
import { MemoryIncludeCache } from "../../src/userdata/include_cache.ts";
import { parseIncludeLines } from "../../src/userdata/include_lines.ts";
import { bytes, codes, multipart, run } from "./_helpers.ts";

const noWait = () => Promise.resolve();

/** Starts a loopback HTTP server that serves `routes` and counts requests per path. */
function serve(routes: Record<string, () => Response | Promise<Response>>) {
  const hits: Record<string, number> = {};
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const route = routes[path];
    return route === undefined ? new Response("missing", { status: 404 }) : route();
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  return { base, hits, close: () => server.shutdown() };
}

Deno.test("parseIncludeLines() reads URLs, comments and once switches", () => {
  const entries = parseIncludeLines(
    "#include\n# comment\nhttp://127.0.0.1/a\n\n#include-once http://127.0.0.1/b\nhttp://127.0.0.1/c\n#include\n  http://127.0.0.1/d  \n",
  );
  assertEquals(entries, [
    { url: "http://127.0.0.1/a", once: false },
    { url: "http://127.0.0.1/b", once: true },
    { url: "http://127.0.0.1/c", once: true },
    { url: "http://127.0.0.1/d", once: false },
  ]);
});

Deno.test("processUserData() includes URLs from a loopback server", async () => {
  const server = serve({
    "/config": () => new Response("#cloud-config\nhostname: included\n"),
    "/script.gz": () => new Response(gzipSync(bytes("#!/bin/sh\necho hi\n"))),
  });
  try {
    const result = await run(`#include\n${server.base}/config\n${server.base}/script.gz\n`);
    assertEquals(result.cloudConfig, { hostname: "included" });
    assertEquals(result.scripts.length, 1);
    assertEquals(result.warnings, []);
  } finally {
    await server.close();
  }
});

Deno.test("processUserData() retries a failing include and then uses it", async () => {
  let calls = 0;
  const server = serve({
    "/flaky": () =>
      ++calls < 3 ? new Response("busy", { status: 503 }) : new Response("#cloud-config\na: 1\n"),
  });
  try {
    const result = await run(`#include ${server.base}/flaky\n`, { sleep: noWait });
    assertEquals(result.cloudConfig, { a: 1 });
    assertEquals(server.hits["/flaky"], 3);
  } finally {
    await server.close();
  }
});

Deno.test("processUserData() warns when an include fails and keeps the rest", async () => {
  const server = serve({ "/ok": () => new Response("#cloud-config\nb: 2\n") });
  try {
    const result = await run(`#include\n${server.base}/gone\n${server.base}/ok\n`, {
      sleep: noWait,
    });
    assertEquals(result.cloudConfig, { b: 2 });
    assertEquals(codes(result), ["include-failed"]);
    assertStringIncludes(result.warnings[0].message, "HTTP 404");
    assertEquals(server.hits["/gone"], 1);
  } finally {
    await server.close();
  }
});

Deno.test("processUserData() rejects an include larger than fetchMaxBytes", async () => {
  const server = serve({ "/big": () => new Response("#cloud-config\n" + "a: 1\n".repeat(100)) });
  const settings = defaultSettings();
  settings.userData.fetchMaxBytes = 64;
  try {
    const result = await run(`#include ${server.base}/big\n`, { settings });
    assertEquals(result.cloudConfig, {});
    assertStringIncludes(result.warnings[0].message, "limit of 64 bytes");
  } finally {
    await server.close();
  }
});

Deno.test("processUserData() times out a slow include per attempt", async () => {
  const server = serve({
    "/slow": () =>
      new Promise((resolve) => setTimeout(() => resolve(new Response("#cloud-config\n")), 500)),
  });
  const settings = defaultSettings();
  settings.userData.fetchTimeoutSeconds = 0.1;
  settings.userData.fetchMaxAttempts = 2;
  try {
    const result = await run(`#include ${server.base}/slow\n`, { settings, sleep: noWait });
    assertStringIncludes(result.warnings[0].message, "timed out after 100 ms");
    assertEquals(server.hits["/slow"], 2);
  } finally {
    await server.close();
  }
});

Deno.test("processUserData() detects an include cycle", async () => {
  const server = serve({});
  const routes = {
    "/a": `#include ${server.base}/b\n`,
    "/b": `#include ${server.base}/a\n#cloud-config\n`,
  };
  const fetcher: Fetcher = {
    fetch: (url) => Promise.resolve(bytes(routes[url.pathname as "/a" | "/b"])),
  };
  try {
    const result = await run(`#include ${server.base}/a\n`, { fetcher });
    assertEquals(codes(result), ["include-cycle"]);
  } finally {
    await server.close();
  }
});

Deno.test("processUserData() stops includes at maxRecursionDepth", async () => {
  let served = 0;
  const fetcher: Fetcher = {
    fetch: () => Promise.resolve(bytes(`#include http://127.0.0.1/level-${++served}\n`)),
  };
  const settings = defaultSettings();
  settings.userData.maxRecursionDepth = 3;
  const result = await run("#include http://127.0.0.1/level-0\n", { fetcher, settings });
  assertEquals(codes(result), ["max-depth-exceeded"]);
  assertEquals(served, 3);
});

Deno.test("processUserData() counts nested multiparts toward the depth limit", async () => {
  const inner = multipart(["Content-Type: text/cloud-config\n\n#cloud-config\na: 1"], "inner");
  const settings = defaultSettings();
  settings.userData.maxRecursionDepth = 1;
  const result = await run(multipart([inner.trimEnd()], "outer"), { settings });
  assertEquals(result.cloudConfig, {});
  assertEquals(codes(result), ["max-depth-exceeded"]);
});

Deno.test("processUserData() reads #include-once from the cache", async () => {
  const server = serve({ "/once": () => new Response("#cloud-config\nonce: true\n") });
  const includeCache = new MemoryIncludeCache();
  try {
    const payload = `#include-once\n${server.base}/once\n`;
    const first = await run(payload, { includeCache });
    const second = await run(payload, { includeCache });
    assertEquals(first.cloudConfig, { once: true });
    assertEquals(second.cloudConfig, { once: true });
    assertEquals(server.hits["/once"], 1);
  } finally {
    await server.close();
  }
});

Deno.test("processUserData() includes file URLs and bare paths", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "part.yaml");
    await Deno.writeTextFile(path, "#cloud-config\nfrom_file: 1\n");
    const fileUrl = await run(`#include file://${path}\n`);
    const barePath = await run(`#include ${path}\n`);
    assertEquals(fileUrl.cloudConfig, { from_file: 1 });
    assertEquals(barePath.cloudConfig, { from_file: 1 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("processUserData() handles text/x-include-url MIME parts", async () => {
  const server = serve({ "/c": () => new Response("#cloud-config\nc: 1\n") });
  try {
    const result = await run(multipart([`Content-Type: text/x-include-url\n\n${server.base}/c`]));
    assertEquals(result.cloudConfig, { c: 1 });
  } finally {
    await server.close();
  }
});

Deno.test("createDefaultFetcher() rejects unsupported schemes", async () => {
  const result = await run("#include ftp://127.0.0.1/x\n", { fetcher: createDefaultFetcher() });
  assertStringIncludes(result.warnings[0].message, "not supported");
});
