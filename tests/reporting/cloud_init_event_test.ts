import { assert, assertEquals, assertMatch } from "../_support/assert.ts";
import {
  CLOUD_INIT_MAX_VALUE_BYTES,
  encodeCloudInitEvent,
  formatEventTimestamp,
  toAsciiJson,
} from "../../src/reporting/cloud_init_event.ts";
import {
  parseEventKey,
  readCloudInitEvents,
  staleEventKeys,
} from "../../src/reporting/cloud_init_event_reader.ts";

const when = new Date(Date.UTC(2026, 11, 4, 20, 1, 16, 0));
const eventId = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";

Deno.test("formatEventTimestamp() leaves out a zero fraction", () => {
  assertEquals(formatEventTimestamp(when), "2026-12-04T20:01:16+00:00");
});

Deno.test("formatEventTimestamp() writes microseconds", () => {
  const time = new Date(Date.UTC(2026, 11, 4, 20, 1, 16, 5));
  assertEquals(formatEventTimestamp(time), "2026-12-04T20:01:16.005000+00:00");
});

Deno.test("encodeCloudInitEvent() writes a start event", () => {
  const items = encodeCloudInitEvent(
    { type: "start", name: "init-local", message: "searching for local data", timestamp: when },
    { incarnation: 1764878400, eventId },
  );
  assertEquals([...items], [[
    `CLOUD_INIT|1764878400|start|init-local|${eventId}`,
    '{"name":"init-local","type":"start","ts":"2026-12-04T20:01:16+00:00","msg":"searching for local data"}',
  ]]);
});

Deno.test("encodeCloudInitEvent() puts result before msg", () => {
  const items = encodeCloudInitEvent(
    {
      type: "finish",
      name: "modules-config/config-runcmd",
      message: "Completed",
      result: "SUCCESS",
      timestamp: when,
    },
    { incarnation: 0, eventId },
  );
  assertEquals(
    items.get(`CLOUD_INIT|0|finish|modules-config/config-runcmd|${eventId}`),
    '{"name":"modules-config/config-runcmd","type":"finish","ts":"2026-12-04T20:01:16+00:00","result":"SUCCESS","msg":"Completed"}',
  );
});

Deno.test("toAsciiJson() escapes non-ASCII like Python", () => {
  assertEquals(toAsciiJson({ msg: "Grüße 🚀" }), '{"msg":"Gr\\u00fc\\u00dfe \\ud83d\\ude80"}');
});

Deno.test("encodeCloudInitEvent() chunks long messages", () => {
  const message = "x".repeat(1500) + "ü".repeat(400) + "🚀".repeat(100);
  const items = encodeCloudInitEvent(
    { type: "finish", name: "modules-final", message, result: "FAIL", timestamp: when },
    { incarnation: 7, eventId },
  );
  assert(items.size > 2);
  let index = 0;
  for (const [key, value] of items) {
    assertEquals(key, `CLOUD_INIT|7|finish|modules-final|${eventId}|${index}`);
    assert(new TextEncoder().encode(value).length <= CLOUD_INIT_MAX_VALUE_BYTES);
    const parsed = JSON.parse(value);
    assertEquals(parsed.msg_i, index);
    assertEquals(Object.keys(parsed), ["name", "type", "ts", "result", "msg_i", "msg"]);
    index++;
  }
  const [event] = readCloudInitEvents(items);
  assertEquals(event.message, message);
  assertEquals(event.result, "FAIL");
});

Deno.test("readCloudInitEvents() accepts six-part keys", () => {
  const vmId = "5b1e0a4c-2b44-4c8e-9a11-7c0b3f2d9e10";
  const items = new Map([
    [
      `CLOUD_INIT|12|finish|init-network|${vmId}|${eventId}`,
      '{"name":"init-network","type":"finish","ts":"2026-12-04T20:01:16+00:00","result":"SUCCESS","msg":"ok"}',
    ],
    ["unrelated", "value"],
  ]);
  const events = readCloudInitEvents(items);
  assertEquals(events.length, 1);
  assertEquals(events[0].vmId, vmId);
  assertEquals(events[0].eventId, eventId);
  assertEquals(events[0].name, "init-network");
});

Deno.test("parseEventKey() reads chunk numbers", () => {
  const key = parseEventKey(`CLOUD_INIT|3|start|init-local|${eventId}|2`);
  assertEquals(key?.chunk, 2);
  assertEquals(key?.eventId, eventId);
  assertEquals(parseEventKey("CLOUD_INIT|x|start|a|b"), undefined);
});

Deno.test("staleEventKeys() finds other boots' events", () => {
  const keys = [
    `CLOUD_INIT|100|start|init-local|${eventId}`,
    `CLOUD_INIT|200|start|init-local|${eventId}`,
    "CLOUD_INIT.probe",
    "eryph.provisioning.state",
  ];
  assertEquals(staleEventKeys(keys, 200), [`CLOUD_INIT|100|start|init-local|${eventId}`]);
  assertEquals(staleEventKeys(keys, 0), []);
});

Deno.test("encodeCloudInitEvent() keys use a random UUID", () => {
  const [key] = encodeCloudInitEvent({ type: "start", name: "init-local", message: "" }, {
    incarnation: 1,
  }).keys();
  assertMatch(key, /^CLOUD_INIT\|1\|start\|init-local\|[0-9a-f-]{36}$/);
});
