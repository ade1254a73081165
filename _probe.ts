import { runProgram } from "./src/cli/program.ts";
import { buildServiceProgram } from "./src/service/main.ts";
globalThis.addEventListener("unload", () => {
  const s = Deno.readTextFileSync("/proc/self/status").split("\n").filter((l) =>
    /^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem)/.test(l)
  );
  console.error(s.join(" | ").replace(/\s+/g, " "));
  const m = Deno.memoryUsage();
  console.error(JSON.stringify(m));
});
await runProgram(buildServiceProgram(), Deno.args);
