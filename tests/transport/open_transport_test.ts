import { assertEquals, assertRejects, assertThrows } from "../_support/assert.ts";
import { NotSupportedError } from "../../src/errors.ts";
import { parseConnectSpec } from "../../src/transport/connect_spec.ts";
import { parseListenSpec } from "../../src/transport/listen_spec.ts";
import { openConnector, openListener } from "../../src/transport/open_transport.ts";

Deno.test("openListener() rejects transports of another OS", async () => {
  await assertRejects(
    () => openListener(parseListenSpec("hvsocket"), "linux"),
    NotSupportedError,
    "linux",
  );
  await assertRejects(
    () => openListener(parseListenSpec("vsock"), "windows"),
    NotSupportedError,
    "windows",
  );
  await assertRejects(
    () => openListener(parseListenSpec("unix-ffi:/tmp/x.sock"), "darwin"),
    NotSupportedError,
  );
});

Deno.test("openConnector() picks the implementation per spec", () => {
  const cases: [string, string][] = [
    ["vsock:3", "vsock:3:5002"],
    ["unix:/run/egs.sock", "unix:/run/egs.sock"],
    ["unix-ffi:/run/egs.sock", "unix-ffi:/run/egs.sock"],
    ["tcp:[::1]:22", "tcp:[::1]:22"],
  ];
  for (const [spec, address] of cases) {
    assertEquals(openConnector(parseConnectSpec(spec), "linux").address, address, spec);
  }
  assertThrows(
    () => openConnector(parseConnectSpec("hvsocket:5e1a4a6f-1c9b-4b7a-9f43-0c1d2e3f4a5b"), "linux"),
    NotSupportedError,
  );
  assertEquals(
    openConnector(parseConnectSpec("hvsocket:5e1a4a6f-1c9b-4b7a-9f43-0c1d2e3f4a5b"), "windows")
      .address,
    "hvsocket:5e1a4a6f-1c9b-4b7a-9f43-0c1d2e3f4a5b:0000138a-facb-11e6-bd58-64006a7986d3",
  );
});

Deno.test("openListener() opens a tcp loopback listener", async () => {
  const listener = await openListener(parseListenSpec("tcp:127.0.0.1:0"));
  assertEquals(listener.address.startsWith("tcp:127.0.0.1:"), true, listener.address);
  await listener.close();
});
