import { assertEquals, assertRejects } from "../_support/assert.ts";
import { defaultSettings } from "../../src/settings/settings.ts";
import { backoffSeconds, fetchWithRetry } from "../../src/userdata/fetch_with_retry.ts";
import { type Fetcher, FetchError, redactUrl } from "../../src/userdata/fetcher.ts";

const url = new URL("http://127.0.0.1:9/user-data");

function flakyFetcher(
  failures: FetchError[],
  body = new Uint8Array([1]),
): Fetcher & { calls: number } {
  const fetcher = {
    calls: 0,
    fetch(): Promise<Uint8Array> {
      const failure = failures[fetcher.calls++];
      return failure === undefined ? Promise.resolve(body) : Promise.reject(failure);
    },
  };
  return fetcher;
}

Deno.test("backoffSeconds() doubles and caps at 4 s", () => {
  assertEquals([1, 2, 3, 4, 5].map((attempt) => backoffSeconds(1, attempt)), [1, 2, 4, 4, 4]);
  assertEquals([1, 2, 3].map((attempt) => backoffSeconds(0.5, attempt)), [0.5, 1, 2]);
});

Deno.test("fetchWithRetry() retries retryable failures with backoff", async () => {
  const waits: number[] = [];
  const fetcher = flakyFetcher([
    new FetchError(url, "HTTP 503", true),
    new FetchError(url, "HTTP 503", true),
  ]);
  const body = await fetchWithRetry(fetcher, url, defaultSettings().userData, (ms) => {
    waits.push(ms);
    return Promise.resolve();
  });
  assertEquals(body, new Uint8Array([1]));
  assertEquals(fetcher.calls, 3);
  assertEquals(waits, [1000, 2000]);
});

Deno.test("fetchWithRetry() stops after fetchMaxAttempts", async () => {
  const settings = { ...defaultSettings().userData, fetchMaxAttempts: 2 };
  const fetcher = flakyFetcher([
    new FetchError(url, "a", true),
    new FetchError(url, "b", true),
    new FetchError(url, "c", true),
  ]);
  await assertRejects(
    () => fetchWithRetry(fetcher, url, settings, () => Promise.resolve()),
    FetchError,
    ": b.",
  );
  assertEquals(fetcher.calls, 2);
});

Deno.test("fetchWithRetry() does not retry a non-retryable failure", async () => {
  const fetcher = flakyFetcher([new FetchError(url, "HTTP 404", false)]);
  await assertRejects(
    () => fetchWithRetry(fetcher, url, defaultSettings().userData, () => Promise.resolve()),
    FetchError,
    "404",
  );
  assertEquals(fetcher.calls, 1);
});

Deno.test("fetchWithRetry() rejects a body over fetchMaxBytes from any fetcher", async () => {
  const settings = { ...defaultSettings().userData, fetchMaxBytes: 4 };
  const fetcher = flakyFetcher([], new Uint8Array(5));
  await assertRejects(() => fetchWithRetry(fetcher, url, settings), FetchError, "limit of 4 bytes");
});

Deno.test("redactUrl() drops credentials and the query", () => {
  assertEquals(
    redactUrl(new URL("https://user:pw@127.0.0.1/a?token=x")),
    "https://127.0.0.1/a?%E2%80%A6",
  );
});
