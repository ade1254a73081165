import { startDaemon } from "./_daemon_harness.ts";
const daemon = await startDaemon({ env: { DENO_V8_FLAGS: "--max-old-space-size=16" } });
await daemon.externalPool.update({ "eryph:guest-services:shell": "/bin/sh" });
let failures = 0;
for (let round = 0; round < 8; round++) {
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => daemon.ssh([`sleep 0.3; echo ${i}`], { args: ["-o", "LogLevel=DEBUG2"] })));
  results.forEach((r, i) => {
    if (r.text !== `${i}\n`) {
      failures++;
      console.log("FAIL", round, i, r.code, JSON.stringify(r.text));
      console.log(r.stderr.split("\n").filter((l) => /exit-status|rcvd|channel 0|close|Exit/.test(l)).slice(-15).join("\n"));
    }
  });
}
console.log("failures", failures);
await daemon.stop();
