import { assert, assertEquals } from "../_support/assert.ts";
import { residentBytes, type RunningDaemon, startCappedDaemon } from "../ssh/_daemon_harness.ts";
import { connectClient } from "../ssh/_ssh2_client.ts";
import type ssh2 from "ssh2";

function openDescriptors(pid: number): number {
  return [...Deno.readDirSync(`/proc/${pid}/fd`)].length;
}

/** Returns the pids whose parent is `pid`. */
function childProcesses(pid: number): number[] {
  const children: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid) children.push(Number(entry.name));
    } catch {
      // The process ended while the table was read.
    }
  }
  return children;
}

function exec(client: ssh2.Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let output = "";
      channel.on("data", (chunk: Uint8Array) => output += new TextDecoder().decode(chunk));
      channel.on("close", () => resolve(output));
    });
  });
}

async function execOnce(daemon: RunningDaemon, command: string): Promise<string> {
  const client = await connectClient(daemon);
  try {
    return await exec(client, command);
  } finally {
    client.end();
  }
}

async function settle(pid: number, baselineDescriptors: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 5000) {
    if (childProcesses(pid).length === 0 && openDescriptors(pid) <= baselineDescriptors) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

Deno.test({
  name: "daemon leaks no processes, descriptors or memory over 200 connections",
  sanitizeResources: false,
  fn: async () => {
    // V8 grows its heap lazily: uncapped, RSS rose by about 80 MiB over 1,200
    // connections and then stayed flat, which is heap growth, not a leak. The
    // caps make V8 collect early, so RSS growth beyond them shows memory that
    // stays referenced. A 16 MiB old space was too small for 20 concurrent
    // sessions and crashed the daemon.
    const daemon = await startCappedDaemon();
    const pid = daemon.process.pid;
    try {
      assertEquals(await execOnce(daemon, "echo ok"), "ok\n");
      await settle(pid, Infinity);
      const baselineDescriptors = openDescriptors(pid);
      const baselineResident = residentBytes(pid);

      for (let index = 0; index < 200; index++) {
        assertEquals(await execOnce(daemon, "echo ok"), "ok\n");
      }
      const concurrent = await Promise.all(
        Array.from({ length: 20 }, (_, index) => daemon.ssh([`sleep 0.3; echo ${index}`])),
      );
      concurrent.forEach((result, index) => assertEquals(result.text, `${index}\n`, result.stderr));

      const vanished = await connectClient(daemon);
      await new Promise<void>((resolve) => vanished.exec("sleep 60", () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assertEquals(childProcesses(pid).length, 1, "the sleep of the vanishing client runs");
      vanished.destroy();

      await settle(pid, baselineDescriptors);
      assertEquals(childProcesses(pid), [], "no session process is left");
      const descriptors = openDescriptors(pid);
      assert(
        descriptors <= baselineDescriptors,
        `${descriptors} descriptors, ${baselineDescriptors} at the start`,
      );
      const grown = residentBytes(pid) - baselineResident;
      console.log(
        `RSS after the first connection ${(baselineResident / 1048576).toFixed(1)} MiB, ` +
          `at the end ${(residentBytes(pid) / 1048576).toFixed(1)} MiB`,
      );
      assert(grown < 20 * 1024 * 1024, `RSS grew by ${(grown / 1048576).toFixed(1)} MiB`);
    } finally {
      await daemon.stop();
    }
  },
});
