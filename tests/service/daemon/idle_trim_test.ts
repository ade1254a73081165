import { IdleTrimScheduler } from "../../../src/service/daemon/idle_trim.ts";
import { assertEquals } from "../../_support/assert.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("the idle trim runs once after the delay and never while a connection is open", async () => {
  let trims = 0;
  const scheduler = new IdleTrimScheduler(() => trims++, 30);
  try {
    scheduler.start();
    scheduler.busy();
    await sleep(60);
    assertEquals(trims, 0, "trimmed during a connection");

    scheduler.busy();
    scheduler.idle();
    await sleep(60);
    assertEquals(trims, 0, "trimmed with one of two connections still open");

    scheduler.idle();
    await sleep(15);
    assertEquals(trims, 0, "trimmed before the delay");
    await sleep(60);
    assertEquals(trims, 1);
    await sleep(60);
    assertEquals(trims, 1, "trimmed again without a new connection");
  } finally {
    scheduler.close();
  }
});

Deno.test("a closed scheduler does not trim, and a failing trim is only logged", async () => {
  let trims = 0;
  const closed = new IdleTrimScheduler(() => trims++, 10);
  closed.start();
  closed.close();
  await sleep(40);
  assertEquals(trims, 0);

  const failing = new IdleTrimScheduler(() => {
    trims++;
    throw new Error("madvise is missing");
  }, 10);
  failing.start();
  await sleep(40);
  failing.close();
  assertEquals(trims, 1);
});
