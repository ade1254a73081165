import { assert, assertEquals } from "../_support/assert.ts";
import { withTimeout } from "../_support/with_timeout.ts";
import { FdPoller, POLLHUP } from "../../ffi/fd_poller.ts";
import { check, libc, O_CLOEXEC, O_NONBLOCK, POLLIN } from "../../ffi/libc.ts";

const linuxOnly = Deno.build.os !== "linux";

function openPipe(): { read: number; write: number; close(): void } {
  const fds = new Int32Array(2);
  check("pipe2", libc().pipe2(new Uint8Array(fds.buffer), O_CLOEXEC | O_NONBLOCK));
  return {
    read: fds[0],
    write: fds[1],
    close() {
      libc().close(fds[0]);
      libc().close(fds[1]);
    },
  };
}

function writeByte(fd: number): void {
  libc().write_now(fd, new Uint8Array([7]), 1n);
}

Deno.test({
  name: "FdPoller.wait() resolves on pipe data",
  ignore: linuxOnly,
  async fn() {
    const poller = new FdPoller();
    const pipe = openPipe();
    try {
      const waiting = poller.wait(pipe.read, POLLIN);
      writeByte(pipe.write);
      assertEquals(await withTimeout(waiting, 2000, "the wait"), POLLIN);
    } finally {
      await poller.settled(pipe.read);
      pipe.close();
    }
  },
});

Deno.test({
  name: "FdPoller.wait() resolves 0 on abort",
  ignore: linuxOnly,
  async fn() {
    const poller = new FdPoller();
    const pipe = openPipe();
    const controller = new AbortController();
    try {
      const waiting = poller.wait(pipe.read, POLLIN, controller.signal);
      controller.abort();
      assertEquals(await withTimeout(waiting, 2000, "the aborted wait"), 0);
      assertEquals(await poller.wait(pipe.read, POLLIN, controller.signal), 0);
    } finally {
      await poller.settled(pipe.read);
      pipe.close();
    }
  },
});

Deno.test({
  name: "FdPoller.wait() reports a writer hang-up",
  ignore: linuxOnly,
  async fn() {
    const poller = new FdPoller();
    const pipe = openPipe();
    const waiting = poller.wait(pipe.read, POLLIN);
    libc().close(pipe.write);
    const revents = await withTimeout(waiting, 2000, "the wait");
    await poller.settled(pipe.read);
    libc().close(pipe.read);

    assert((revents & POLLHUP) !== 0, `revents ${revents} lacks POLLHUP`);
  },
});

// Deno runs each nonblocking FFI call on a pool of 32 threads per runtime. A
// poll per idle descriptor used to fill that pool, after which every later
// nonblocking call and every async file read of the runtime waited forever.
Deno.test({
  name: "FdPoller.wait() on 100 idle pipes",
  ignore: linuxOnly,
  async fn() {
    const poller = new FdPoller();
    const pipes = Array.from({ length: 100 }, openPipe);
    try {
      const waits = pipes.map((pipe) => poller.wait(pipe.read, POLLIN));

      await withTimeout(Deno.readTextFile("/proc/self/stat"), 2000, "a file read");
      writeByte(pipes[99].write);
      assertEquals(await withTimeout(waits[99], 2000, "the wait on the last pipe"), POLLIN);

      for (const pipe of pipes.slice(0, 99)) writeByte(pipe.write);
      const revents = await withTimeout(Promise.all(waits), 2000, "the other waits");
      assert(revents.every((value) => value === POLLIN));
    } finally {
      for (const pipe of pipes) await poller.settled(pipe.read);
      for (const pipe of pipes) pipe.close();
    }
  },
});

Deno.test({
  name: "FdPoller.settled() waits for the poll call",
  ignore: linuxOnly,
  async fn() {
    const poller = new FdPoller();
    const first = openPipe();
    const second = openPipe();
    const controller = new AbortController();
    try {
      const remaining = poller.wait(second.read, POLLIN);
      const dropped = poller.wait(first.read, POLLIN, controller.signal);
      // Lets the poll call that includes both descriptors start.
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      assertEquals(await dropped, 0);

      await withTimeout(poller.settled(first.read), 2000, "settled()");

      writeByte(second.write);
      assertEquals(await withTimeout(remaining, 2000, "the remaining wait"), POLLIN);
    } finally {
      await poller.settled(second.read);
      first.close();
      second.close();
    }
  },
});
