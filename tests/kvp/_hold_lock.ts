/**
 * Test helper run as a separate process: takes the whole-file fcntl write
 * lock on a pool file the way hv_kvp_daemon does, appends one record while
 * holding it, prints "locked", holds the lock for the given milliseconds and
 * exits. Arguments: PATH KEY VALUE HOLD_MS.
 */

import { cString, F_SETLKW, F_WRLCK, libc, O_CREAT, O_RDWR, SEEK_END } from "../../ffi/libc.ts";
import { buildFlock } from "../../src/kvp/pool_file.ts";
import { encodePool } from "../../src/kvp/record.ts";

const [path, key, value, holdMs] = Deno.args;
const fd = libc().open(cString(path), O_RDWR | O_CREAT, 0o644);
if (fd < 0) throw new Error(`open ${path} failed`);
if ((await libc().fcntl_lock_wait(fd, F_SETLKW, buildFlock(F_WRLCK))) !== 0) {
  throw new Error("lock failed");
}

const size = libc().lseek(fd, 0n, SEEK_END);
const record = encodePool(new Map([[key, value]]));
libc().pwrite(fd, record, BigInt(record.length), BigInt(size));

console.log("locked");
await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
// Exiting closes the descriptor, which releases the lock.
Deno.exit(0);
