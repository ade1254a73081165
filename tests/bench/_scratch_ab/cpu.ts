import { join } from "node:path";
import { startDaemon } from "../../ssh/_daemon_harness.ts";
import { TOOL_PERMISSION_FLAGS } from "../../../src/permissions.ts";
const MIB = 1 << 20;
const mib = Number(Deno.args[0] ?? 256);
const env = JSON.parse(Deno.args[1] ?? "{}");
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
const q = (a: string[]) => a.map((x) => `'${x}'`).join(" ");
for (const dir of ["upload", "download"]) {
  const [s, t] = dir === "upload"
    ? [join(work, "source.bin"), join(work, "guest", "e.bin")]
    : [join(work, "guest", "e.bin"), join(work, "e.back")];
  const egs = q([
    Deno.execPath(),
    "run",
    ...TOOL_PERMISSION_FLAGS,
    "src/tool/main.ts",
    "--log-level",
    "error",
    `${dir}-file`,
    "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d",
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
  ]);
  const rem = `egs@h:${join(work, "guest", "s.bin")}`;
  const scp = q([
    "scp",
    "-q",
    "-F",
    "/dev/null",
    "-i",
    daemon.clientKey,
    "-o",
    "BatchMode=yes",
    "-o",
    `UserKnownHostsFile=${join(work, "skh")}`,
    "-o",
    "StrictHostKeyChecking=accept-new",
    "-o",
    `ProxyCommand=socat - UNIX-CONNECT:${daemon.socket}`,
    ...(dir === "upload" ? [s, rem] : [rem, join(work, "s.back")]),
  ]);
  for (const [name, cmd] of [["egs", egs], ["scp", scp]]) {
    const out = await new Deno.Command("bash", {
      args: ["-c", `TIMEFORMAT='%R real %U user %S sys'; time ${cmd} >/dev/null`],
      env,
    }).output();
    console.log(dir, name, new TextDecoder().decode(out.stderr).trim().split("\n").slice(-1)[0]);
  }
}
await daemon.stop();
await Deno.remove(work, { recursive: true });
