import fs from "node:fs";
import { Buffer } from "node:buffer";
const C = 255 * 1024, N = 1024; const buf = Buffer.alloc(C * 64, 3);
const p = "/tmp/tb/fsm.bin";
const fd = fs.openSync(p, "w");
let t = performance.now();
await new Promise<void>((res) => { let done = 0, next = 0; const go = () => { const i = next++; if (i >= N) return; fs.write(fd, buf, (i % 64) * C, C, i * C, () => { if (++done === N) res(); else go(); }); }; for (let k = 0; k < 64; k++) go(); });
console.log("node fs.write 255MiB", (performance.now() - t).toFixed(0)); fs.closeSync(fd);
const rfd = fs.openSync(p, "r");
t = performance.now();
await new Promise<void>((res) => { let done = 0, next = 0; const go = () => { const i = next++; if (i >= N) return; fs.read(rfd, buf, (i % 64) * C, C, i * C, () => { if (++done === N) res(); else go(); }); }; for (let k = 0; k < 64; k++) go(); });
console.log("node fs.read 255MiB", (performance.now() - t).toFixed(0)); fs.closeSync(rfd);
t = performance.now();
{ using f = await Deno.open(p, { read: true }); const b = new Uint8Array(C); for (let i = 0; i < N; i++) await f.read(b); }
console.log("deno read 255MiB", (performance.now() - t).toFixed(0));
