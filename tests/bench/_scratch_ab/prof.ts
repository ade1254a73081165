import { join } from "node:path";
import { startDaemon } from "../../ssh/_daemon_harness.ts";
import { TOOL_PERMISSION_FLAGS } from "../../../src/permissions.ts";
const MIB = 1 << 20;
const mib = Number(Deno.args[0] ?? 256);
const daemon = await startDaemon();
const work = await Deno.makeTempDir({ prefix: "egs_prof_" });
await Deno.mkdir(join(work, "guest"));
{
  using f = await Deno.open(join(work, "source.bin"), { write: true, create: true });
  const b = new Uint8Array(MIB);
  for (let i = 0; i < mib; i++) {
    crypto.getRandomValues(b.subarray(0, 65536));
    b.copyWithin(65536, 0, MIB - 65536);
    b[0] = i;
    await f.write(b);
  }
}
for (const dir of ["upload", "download"]) {
  const [s, t] = dir === "upload"
    ? [join(work, "source.bin"), join(work, "guest", "e.bin")]
    : [join(work, "guest", "e.bin"), join(work, "e.back")];
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...TOOL_PERMISSION_FLAGS,
      "--cpu-prof",
      `--cpu-prof-dir=/tmp/tb/prof_${dir}`,
      "src/tool/main.ts",
      "--log-level",
      "error",
      `${dir}-file`,
      "x",
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
    ],
  }).output();
  console.log(
    dir,
    ((performance.now() - t0) / 1000).toFixed(2),
    out.code,
    new TextDecoder().decode(out.stderr).slice(0, 300),
  );
}
await daemon.stop();
await Deno.remove(work, { recursive: true });
