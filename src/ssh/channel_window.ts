/**
 * A larger receive window for one ssh2 channel. ssh2 grants every channel a
 * fixed 2 MiB window and tops it up once half of it is used, so at most 2 MiB
 * can be on the way to this side. On a fast local transport the sender then
 * waits for each top-up to cross both event loops. OpenSSH's sftp client keeps
 * a similar window but has no event loop in between; this module lets a bulk
 * transfer keep more in flight.
 *
 * ssh2 subtracts each arriving packet from `incoming.window` and calls the
 * channel's `push`. The wrapper around `push` tops the window up to `size`
 * whenever it falls to half of that, before ssh2's own check (at 1 MiB)
 * would. The fields are ssh2 1.17.0's; `tests/ssh/channel_window_test.ts`
 * fails when an update renames them.
 */

/** The fields of an ssh2 channel (or SFTP wrapper) that the window lives in. */
interface Ssh2ChannelFields {
  incoming: { window: number };
  outgoing: { id: number; state: string };
  push(data: unknown): unknown;
}

/** The part of ssh2's `Protocol` that sends a window adjustment. */
interface Ssh2ProtocolFields {
  channelWindowAdjust(channelId: number, amount: number): void;
}

/** Window used for bulk transfers: 16 MiB, eight times ssh2's. */
export const BULK_WINDOW_BYTES = 16 * 1024 * 1024;

/**
 * Widens the receive window of `channel`, opened on the connection of
 * `client` (an ssh2 `Client` or server-side `Connection`), to `size` bytes
 * for the rest of its life.
 */
export function widenReceiveWindow(
  client: object,
  channel: object,
  size = BULK_WINDOW_BYTES,
): void {
  const fields = channel as Partial<Ssh2ChannelFields>;
  const protocol = (client as { _protocol?: Partial<Ssh2ProtocolFields> })._protocol;
  if (
    typeof fields.incoming?.window !== "number" || typeof fields.outgoing?.id !== "number" ||
    typeof fields.push !== "function" || typeof protocol?.channelWindowAdjust !== "function"
  ) {
    throw new Error("This ssh2 version keeps channel windows in fields EGS does not know.");
  }
  const target = channel as Ssh2ChannelFields;
  const adjust = protocol.channelWindowAdjust.bind(protocol);

  const topUp = () => {
    if (target.outgoing.state === "closed") return;
    const amount = size - target.incoming.window;
    if (amount <= 0) return;
    target.incoming.window += amount;
    adjust(target.outgoing.id, amount);
  };

  const push = target.push.bind(target);
  target.push = (data: unknown) => {
    const accepted = push(data);
    if (target.incoming.window <= size / 2) topUp();
    return accepted;
  };
  topUp();
}
