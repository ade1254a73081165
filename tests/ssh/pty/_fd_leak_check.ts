/**
 * Starts and closes 50 PTY processes and prints, as JSON, how many fds on
 * `/dev/ptmx` or `/dev/pts/*` were open before and after. It runs as its own
 * process because `deno test --parallel` runs other test files, which open
 * PTYs too, in the test process. Only PTY fds are counted because the
 * runtime opens sockets of its own under load.
 */

import { startPtyProcess } from "../../../src/ssh/pty/mod.ts";

function countPtyFds(): number {
  let count = 0;
  for (const entry of Deno.readDirSync("/proc/self/fd")) {
    try {
      const target = Deno.readLinkSync(`/proc/self/fd/${entry.name}`);
      if (target === "/dev/ptmx" || target.startsWith("/dev/pts/")) count++;
    } catch {
      // The fd was closed while the directory was being read.
    }
  }
  return count;
}

async function spawnAndClose(): Promise<number> {
  const pty = startPtyProcess({
    argv: ["true"],
    env: { PATH: "/usr/bin:/bin" },
    cwd: "/",
    cols: 80,
    rows: 24,
    term: "xterm",
  });
  pty.stream.resume();
  await pty.exited;
  await pty.close();
  return pty.pid;
}

const before = countPtyFds();

const pids: number[] = [];
for (let i = 0; i < 50; i++) pids.push(await spawnAndClose());

const after = countPtyFds();
const zombies = pids.filter((pid) => {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
});
console.log(JSON.stringify({ before, after, zombies }));
