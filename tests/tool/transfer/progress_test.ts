import { Writable } from "node:stream";
import { assert, assertEquals, assertNotEquals } from "../../_support/assert.ts";
import {
  createProgress,
  formatBytes,
  SILENT_PROGRESS,
} from "../../../src/tool/transfer/progress.ts";

/** Creates a writable stream that claims to be a terminal and stores what is drawn on it. */
function fakeTerminal() {
  const drawn: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      drawn.push(String(chunk));
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 100 });
  return { stream, drawn };
}

/** Waits until the lazily imported cli-progress has loaded and its callbacks ran. */
async function settle(): Promise<void> {
  await import("cli-progress");
  await new Promise((resolve) => setTimeout(resolve, 20));
}

Deno.test("createProgress() draws nothing off a terminal", () => {
  assertEquals(createProgress("upload file", false), SILENT_PROGRESS);
});

Deno.test("createProgress() draws label and total on a terminal", async () => {
  const { stream, drawn } = fakeTerminal();
  const progress = createProgress("upload file", true, stream);
  assertNotEquals(progress, SILENT_PROGRESS);
  progress.start(4096);
  await settle();
  progress.advance(2048);
  progress.stop();
  const text = drawn.join("");
  assert(text.includes("upload file"), `the bar lacks its label: ${JSON.stringify(text)}`);
  assert(text.includes("4.0 KiB"), `the bar lacks the total: ${JSON.stringify(text)}`);
});

Deno.test("createProgress() stopped before loading draws nothing", async () => {
  const { stream, drawn } = fakeTerminal();
  const progress = createProgress("upload file", true, stream);
  progress.start(4096);
  progress.advance(1024);
  progress.stop();
  await settle();
  assertEquals(drawn, []);
});

Deno.test("formatBytes() uses binary units", () => {
  assertEquals(formatBytes(512), "512 B");
  assertEquals(formatBytes(1536), "1.5 KiB");
  assertEquals(formatBytes(512 * 1024 * 1024), "512.0 MiB");
});
