/**
 * Moves 512 MiB over AF_UNIX between a `node:net` client and a server, once
 * with a `node:net` listener and once with the FFI listener and its
 * poll-driven stream, in both directions, and prints the median time of each and the
 * ratio. Rounds alternate between the two listeners so that load from other
 * processes hits both alike. Run:
 * `deno run --allow-all tests/bench/transport_throughput.ts [MiB] [rounds]`.
 */

import { connect, type Socket } from "node:net";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { FfiListener } from "../../src/transport/ffi_listener.ts";
import type { Listener } from "../../src/transport/listener.ts";
import { NetListener } from "../../src/transport/net_listener.ts";

const MIB = 1 << 20;
/** The FFI path must reach this share of node:net's throughput. */
const TARGET_RATIO = 0.9;

type Direction = "client->server" | "server->client";

/** Moves `total` bytes once; returns the seconds until the receiver had them all. */
async function measure(
  listener: Listener,
  path: string,
  total: number,
  direction: Direction,
): Promise<number> {
  const started = performance.now();
  const accepted = listener.accept();
  const client: Socket = connect({ path });
  await new Promise<void>((resolve, reject) =>
    client.once("connect", resolve).once("error", reject)
  );
  const connection = await accepted;
  if (connection === undefined) throw new Error("The listener closed before the client connected.");

  const [sender, receiver] = direction === "client->server"
    ? [client, connection.stream]
    : [connection.stream, client];
  const [, count] = await Promise.all([send(sender, total), receive(receiver)]);

  const seconds = (performance.now() - started) / 1000;
  if (count !== total) throw new Error(`The receiver got ${count} bytes, expected ${total}.`);
  client.destroy();
  connection.stream.destroy();
  return seconds;
}

async function send(stream: Duplex, total: number): Promise<void> {
  const chunk = new Uint8Array(MIB).fill(0x5a);
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once("drain", resolve));
  }
  stream.end();
}

async function receive(stream: Duplex): Promise<number> {
  let count = 0;
  for await (const data of stream) count += (data as Uint8Array).length;
  return count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (import.meta.main) {
  const mebibytes = Number(Deno.args[0] ?? 512);
  const rounds = Number(Deno.args[1] ?? 3);
  const total = mebibytes * MIB;
  const dir = await Deno.makeTempDir({ prefix: "egs-bench-" });
  try {
    const netPath = join(dir, "net.sock");
    const ffiPath = join(dir, "ffi.sock");
    const netListener = await NetListener.listen({ path: netPath });
    const ffiListener = await FfiListener.listenUnix(ffiPath);

    for (const direction of ["client->server", "server->client"] as Direction[]) {
      const netTimes: number[] = [];
      const ffiTimes: number[] = [];
      for (let round = 0; round < rounds; round++) {
        netTimes.push(await measure(netListener, netPath, total, direction));
        ffiTimes.push(await measure(ffiListener, ffiPath, total, direction));
      }
      const net = median(netTimes);
      const ffi = median(ffiTimes);
      const rate = (seconds: number) => (mebibytes / seconds).toFixed(0);
      console.log(`${direction}, ${mebibytes} MiB, median of ${rounds}:`);
      console.log(`  node:net      ${net.toFixed(2)} s (${rate(net)} MiB/s)`);
      console.log(`  FFI socket    ${ffi.toFixed(2)} s (${rate(ffi)} MiB/s)`);
      const ratio = net / ffi;
      const verdict = ratio >= TARGET_RATIO ? "meets" : "misses";
      console.log(
        `  ratio FFI/node:net throughput: ${
          ratio.toFixed(2)
        } (${verdict} the ${TARGET_RATIO}x target)`,
      );
    }
    await netListener.close();
    await ffiListener.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
