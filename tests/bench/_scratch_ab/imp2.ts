let t = performance.now();
await import("cli-progress"); console.log("cli-progress", (performance.now() - t).toFixed(0)); t = performance.now();
await import("ssh2"); console.log("ssh2", (performance.now() - t).toFixed(0)); t = performance.now();
await import("../../../src/tool/transfer/mod.ts"); console.log("transfer rest", (performance.now() - t).toFixed(0)); t = performance.now();
