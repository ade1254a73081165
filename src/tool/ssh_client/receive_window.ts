/**
 * Keeps the receive window of an ssh2 client channel wide. ssh2 offers a
 * fixed 2 MiB window and grants more only after half of it is used, so a
 * download with many SFTP reads in flight stalls the guest while the grant
 * is on its way. Here the channel announces a larger window at once and tops
 * it up after every eighth of it.
 */

import type ssh2 from "ssh2";

/** Receive window for SFTP channels: room for the 16 MiB a file copy keeps in flight. */
export const SFTP_RECEIVE_WINDOW = 16 * 1024 * 1024;

/** The parts of ssh2's channel object (not in its typings) that the window lives in. */
interface ChannelInternals {
  incoming: { window: number };
  outgoing: { id: number; state: string };
  _protocol: { channelWindowAdjust(remoteId: number, amount: number): void };
  push(data: Uint8Array | null): unknown;
}

/**
 * Widens the receive window of `channel` (an SFTP wrapper or other ssh2
 * channel) to `windowBytes` and keeps it there while data arrives. Returns
 * false, changing nothing, when the channel lacks the fields ssh2 1.x has.
 */
export function widenReceiveWindow(
  channel: ssh2.SFTPWrapper | ssh2.ClientChannel,
  windowBytes: number = SFTP_RECEIVE_WINDOW,
): boolean {
  const inner = channel as unknown as Partial<ChannelInternals>;
  if (
    typeof inner.incoming?.window !== "number" || typeof inner.outgoing?.id !== "number" ||
    typeof inner._protocol?.channelWindowAdjust !== "function" || typeof inner.push !== "function"
  ) return false;
  const chan = inner as ChannelInternals;
  // Granting in steps of an eighth keeps adjust messages rare (one per 2 MiB
  // by default) and the guest's allowance far from zero.
  const lowMark = windowBytes - Math.max(windowBytes >> 3, 64 * 1024);
  const topUp = () => {
    if (chan.outgoing.state !== "open") return;
    const amount = windowBytes - chan.incoming.window;
    if (amount <= 0) return;
    chan.incoming.window += amount;
    chan._protocol.channelWindowAdjust(chan.outgoing.id, amount);
  };
  const push = chan.push.bind(chan);
  chan.push = (data) => {
    const result = push(data);
    // ssh2 itself grants only below half of its own 2 MiB, which this keeps from happening.
    if (data !== null && chan.incoming.window <= lowMark) topUp();
    return result;
  };
  topUp();
  return true;
}
