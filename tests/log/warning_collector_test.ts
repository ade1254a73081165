import { getLogger, setupLogging } from "../../src/log/logging.ts";
import { renderMessage, WarningCollector } from "../../src/log/warning_collector.ts";
import { assertEquals } from "../_support/assert.ts";

Deno.test("renderMessage() quotes string values", () => {
  assertEquals(renderMessage(["Created user ", "alice", "."]), 'Created user "alice".');
  assertEquals(renderMessage(["Wrote ", 3, " files."]), "Wrote 3 files.");
  assertEquals(renderMessage(["Failed: ", new Error("disk full"), ""]), "Failed: disk full");
});

Deno.test("renderMessage() keeps a lone string value bare", () => {
  assertEquals(renderMessage(["", 'a.yaml:1:1: warning: "x"', ""]), 'a.yaml:1:1: warning: "x"');
});

Deno.test("WarningCollector keeps warnings only", () => {
  const collector = new WarningCollector();
  setupLogging({ level: "debug", format: "json", write: () => {}, extraSinks: [collector.sink] });
  try {
    const log = getLogger("test");
    log.info("Started {name}.", { name: "run" });
    log.warning("Cannot read {path}.", { path: "/etc/x" });
    log.error("Failed {name}.", { name: "run" });
  } finally {
    setupLogging({ level: "error", format: "json", write: () => {} });
  }
  assertEquals(collector.messages, ['Cannot read "/etc/x".']);
});
