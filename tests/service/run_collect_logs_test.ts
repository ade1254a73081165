import { join } from "node:path";
import { unzipSync } from "fflate";
import { redactFileContent, redactText } from "../../src/service/commands/_redact_bundle_file.ts";
import { collectBundleFiles } from "../../src/service/commands/collect_logs.ts";
import { assert, assertEquals, assertNotMatch, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";

const HASH = "$6$rounds=4096$saltsalt$3MEaFJ2sVhyYkJU6qJ1JWb9fEuX1ZJ6g0CqJ1tQ0xYz";
const PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n" +
  "-----END OPENSSH PRIVATE KEY-----";

async function stateAndLogs(): Promise<{ base: string; stateDir: string; logDir: string }> {
  const base = await Deno.makeTempDir({ prefix: "egs-collect-" });
  const stateDir = join(base, "state");
  const logDir = join(base, "log");
  await Deno.mkdir(join(stateDir, "instances/iid-1/scripts"), { recursive: true });
  await Deno.mkdir(logDir);
  await Deno.writeTextFile(join(stateDir, "state.json"), '{"status": "completed"}');
  await Deno.writeTextFile(
    join(stateDir, "instance-data.json"),
    JSON.stringify({ ds: { meta_data: { "admin-password": "Hunter2!" } } }),
  );
  await Deno.writeTextFile(join(stateDir, "instances/iid-1/user-data.txt"), "password: Hunter2!");
  await Deno.writeTextFile(
    join(stateDir, "instances/iid-1/scripts/part-001"),
    `#!/bin/sh\necho '${HASH}' > /tmp/x\ncat <<EOF\n${PRIVATE_KEY}\nEOF\n`,
  );
  await Deno.writeTextFile(
    join(logDir, "egs-provisioning.log"),
    `${JSON.stringify({ message: "ok", properties: { chpasswd: { users: [1] } } })}\nplain line\n`,
  );
  return { base, stateDir, logDir };
}

Deno.test("redactText() removes hashes and private keys", () => {
  const text = redactText(`hash ${HASH} key\n${PRIVATE_KEY}\nend`);
  assertNotMatch(text, /saltsalt|b3BlbnNzaC/);
  assertStringIncludes(text, "<redacted OPENSSH private key>");
  assertStringIncludes(text, "end");
});

Deno.test("redactFileContent() redacts JSON secret keys", () => {
  const json = redactFileContent("x.json", '{"users": [{"name": "a", "passwd": "h"}]}');
  assertEquals(JSON.parse(json), { users: [{ name: "a", passwd: "<redacted>" }] });
  const lines = redactFileContent("x.log", '{"password": "p"}\nnot json $1$abcdefgh$ijklmnop\n');
  assertEquals(lines, '{"password":"<redacted>"}\nnot json <redacted>\n');
});

Deno.test("collectBundleFiles() skips raw user-data", async () => {
  const { base, stateDir, logDir } = await stateAndLogs();
  try {
    const files = await collectBundleFiles(stateDir, logDir);
    assertEquals(Object.keys(files).sort(), [
      "egs-logs/logs/egs-provisioning.log",
      "egs-logs/state/instance-data.json",
      "egs-logs/state/instances/iid-1/scripts/part-001",
      "egs-logs/state/state.json",
      "egs-logs/version.txt",
    ]);
    const all = Object.values(files).map((bytes) => new TextDecoder().decode(bytes)).join("\n");
    assertNotMatch(all, /Hunter2|saltsalt|b3BlbnNzaC|"users"/);
    assertStringIncludes(all, "egs-service ");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("collect-logs --output writes a root-only zip", async () => {
  const { base, stateDir, logDir } = await stateAndLogs();
  try {
    const output = join(base, "bundle.zip");
    const result = await runCli("service", [
      "collect-logs",
      "--state-dir",
      stateDir,
      "--log-dir",
      logDir,
      "--output",
      output,
    ]);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stdout, "with 5 files");
    assertEquals((await Deno.stat(output)).mode! & 0o777, 0o600);
    const entries = unzipSync(await Deno.readFile(output));
    assert("egs-logs/state/state.json" in entries);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
