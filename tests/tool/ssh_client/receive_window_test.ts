import type ssh2 from "ssh2";
import { assertEquals } from "../../_support/assert.ts";
import { widenReceiveWindow } from "../../../src/tool/ssh_client/receive_window.ts";

const MIB = 1024 * 1024;

/** A stand-in with the fields of an ssh2 1.x channel that the window code uses. */
function fakeChannel(state = "open") {
  const grants: Array<[number, number]> = [];
  const pushed: Array<Uint8Array | null> = [];
  const channel = {
    incoming: { window: 2 * MIB },
    outgoing: { id: 7, state },
    _protocol: {
      channelWindowAdjust: (id: number, amount: number) => void grants.push([id, amount]),
    },
    push: (data: Uint8Array | null) => void pushed.push(data),
  };
  return { channel, grants, pushed, sftp: channel as unknown as ssh2.SFTPWrapper };
}

/** Plays ssh2's part on arriving data: shrink the window, then hand the bytes over. */
function arrive(channel: ReturnType<typeof fakeChannel>["channel"], bytes: number): void {
  channel.incoming.window -= bytes;
  channel.push(new Uint8Array(bytes));
}

Deno.test("widenReceiveWindow() grants the difference to the wider window at once", () => {
  const { channel, grants, sftp } = fakeChannel();
  assertEquals(widenReceiveWindow(sftp, 16 * MIB), true);
  assertEquals(grants, [[7, 14 * MIB]]);
  assertEquals(channel.incoming.window, 16 * MIB);
});

Deno.test("widenReceiveWindow() tops the window up once an eighth of it is used", () => {
  const { channel, grants, pushed, sftp } = fakeChannel();
  widenReceiveWindow(sftp, 16 * MIB);
  arrive(channel, MIB);
  assertEquals(grants.length, 1);
  arrive(channel, 1.5 * MIB);
  assertEquals(grants[1], [7, 2.5 * MIB]);
  assertEquals(channel.incoming.window, 16 * MIB);
  assertEquals(pushed.length, 2);
});

Deno.test("widenReceiveWindow() grants nothing on a channel that is closing", () => {
  const { channel, grants, sftp } = fakeChannel("closing");
  widenReceiveWindow(sftp, 16 * MIB);
  arrive(channel, 4 * MIB);
  assertEquals(grants, []);
});

Deno.test("widenReceiveWindow() leaves an object without ssh2's channel fields alone", () => {
  const other = { push: () => true } as unknown as ssh2.SFTPWrapper;
  assertEquals(widenReceiveWindow(other), false);
});
