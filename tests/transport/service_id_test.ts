import { assertEquals, assertThrows } from "../_support/assert.ts";
import {
  EGS_SERVICE_ID,
  EGS_VSOCK_PORT,
  portToServiceId,
  serviceIdToPort,
} from "../../src/transport/service_id.ts";

Deno.test("portToServiceId() maps ports into Data1", () => {
  const cases: [number, string][] = [
    [5002, "0000138a-facb-11e6-bd58-64006a7986d3"],
    [0, "00000000-facb-11e6-bd58-64006a7986d3"],
    [22, "00000016-facb-11e6-bd58-64006a7986d3"],
    [0xffffffff, "ffffffff-facb-11e6-bd58-64006a7986d3"],
  ];
  for (const [port, guid] of cases) {
    assertEquals(portToServiceId(port), guid, `port ${port}`);
    assertEquals(serviceIdToPort(guid), port, guid);
  }
});

Deno.test("EGS service id is vsock port 5002", () => {
  assertEquals(serviceIdToPort(EGS_SERVICE_ID), EGS_VSOCK_PORT);
  assertEquals(serviceIdToPort(EGS_SERVICE_ID.toUpperCase()), 5002);
});

Deno.test("serviceIdToPort() rejects ids outside the template", () => {
  assertThrows(
    () => serviceIdToPort("0000138a-facb-11e6-bd58-64006a7986d4"),
    RangeError,
    "not a vsock service id",
  );
  assertThrows(() => portToServiceId(-1), RangeError, "Invalid vsock port");
  assertThrows(() => portToServiceId(2 ** 32), RangeError, "Invalid vsock port");
});
