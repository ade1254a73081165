const t0 = performance.now();
await import("/work/main/src/tool/transfer/mod.ts");
const t1 = performance.now();
await import("/work/main/src/tool/ssh_client/mod.ts");
const t2 = performance.now();
console.log("transfer", (t1 - t0).toFixed(0), "ssh_client", (t2 - t1).toFixed(0));
