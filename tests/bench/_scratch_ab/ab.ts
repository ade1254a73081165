import { join } from "node:path";
import { runCli } from "../../_support/cli.ts";
import { startDaemon } from "../../ssh/_daemon_harness.ts";
const MIB = 1 << 20;
const VM_ID = "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d";
const mib = Number(Deno.args[0] ?? 256), rounds = Number(Deno.args[1] ?? 3);
const variants: Record<string, Record<string, string>> = JSON.parse(Deno.args[2]);
const daemon = await startDaemon();
const work = await Deno.makeTempDir({ prefix: "egs_ab_" });
await Deno.mkdir(join(work, "guest"));
{
  using f = await Deno.open(join(work, "source.bin"), { write: true, create: true });
  const b = new Uint8Array(MIB);
  for (let i = 0; i < mib; i++) {
    crypto.getRandomValues(b.subarray(0, 65536));
    b.copyWithin(65536, 0, MIB - 65536);
    await f.write(b);
  }
}
const times: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const dir of ["upload", "download"]) {
    for (const [name, env] of Object.entries(variants)) {
      const [s, t] = dir === "upload"
        ? [join(work, "source.bin"), join(work, "guest", "e.bin")]
        : [join(work, "guest", "e.bin"), join(work, "e.back")];
      const t0 = performance.now();
      const res = await runCli("tool", [
        "--log-level",
        "error",
        `${dir}-file`,
        VM_ID,
        s,
        t,
        "--overwrite",
        "--transport",
        `unix:${daemon.socket}`,
        "--identity",
        daemon.clientKey,
        "--known-hosts",
        join(work, "kh"),
        "--accept-new",
      ], { env });
      const sec = (performance.now() - t0) / 1000;
      if (res.code !== 0) throw new Error(res.stderr);
      (times[`${dir} ${name}`] ??= []).push(sec);
    }
  }
}
for (const [k, v] of Object.entries(times)) {
  const s = [...v].sort((a, b) => a - b);
  console.log(
    k.padEnd(30),
    "median",
    (mib / s[Math.floor(s.length / 2)]).toFixed(0),
    "MiB/s  all",
    v.map((x) => (mib / x).toFixed(0)).join(" "),
  );
}
await daemon.stop();
await Deno.remove(work, { recursive: true });
