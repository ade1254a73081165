import { createCipheriv } from "node:crypto";
import { Buffer } from "node:buffer";
const key = Buffer.alloc(32, 1), iv = Buffer.alloc(16), data = Buffer.alloc(32768, 7), z = Buffer.alloc(32);
let t = performance.now();
for (let i = 0; i < 8192; i++) { createCipheriv("chacha20", key, iv).update(z); createCipheriv("chacha20", key, iv).update(data.subarray(0, 4)); createCipheriv("chacha20", key, iv).update(data); }
console.log("chacha 256MiB", (performance.now() - t).toFixed(0), "ms");
t = performance.now();
for (let i = 0; i < 8192; i++) { createCipheriv("chacha20", key, iv).update(z); }
console.log("chacha keys only", (performance.now() - t).toFixed(0), "ms");
t = performance.now();
for (let i = 0; i < 8192; i++) { Buffer.allocUnsafe(32768).set(data); }
console.log("copy", (performance.now() - t).toFixed(0), "ms");
// poly1305 via ssh2's wasm
const poly = (await import("npm:ssh2@1.17.0/lib/protocol/crypto/poly1305.js")).default;
const m = await poly();
const auth = m.cwrap("poly1305_auth", null, ["number", "array", "number", "array", "number", "array"]);
const out = m._malloc(16);
t = performance.now();
for (let i = 0; i < 8192; i++) auth(out, data.subarray(0, 4), 4, data, data.length, key);
console.log("poly1305 wasm", (performance.now() - t).toFixed(0), "ms");
const pa = m._malloc(4), pb = m._malloc(32768), pk = m._malloc(32);
const raw = m._poly1305_auth ?? m.asm?.poly1305_auth;
console.log("raw fn", typeof raw, Object.keys(m).filter((k) => k.includes("poly")));
t = performance.now();
for (let i = 0; i < 8192; i++) { m.HEAPU8.set(data.subarray(0, 4), pa); m.HEAPU8.set(data, pb); m.HEAPU8.set(key, pk); raw(out, pa, 4, pb, 32768, pk); }
console.log("poly1305 raw", (performance.now() - t).toFixed(0), "ms");
