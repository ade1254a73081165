import { assertEquals, assertThrows } from "../_support/assert.ts";
import { UsageError } from "../../src/errors.ts";
import { type ConnectSpec, parseConnectSpec } from "../../src/transport/connect_spec.ts";

Deno.test("parseConnectSpec() accepts every transport", () => {
  const cases: [string, ConnectSpec][] = [
    ["vsock:3", { kind: "vsock", cid: 3, port: 5002 }],
    ["vsock:4294967295:22", { kind: "vsock", cid: 0xffffffff, port: 22 }],
    ["hvsocket:5E1A4A6F-1C9B-4B7A-9F43-0C1D2E3F4A5B", {
      kind: "hvsocket",
      vmId: "5e1a4a6f-1c9b-4b7a-9f43-0c1d2e3f4a5b",
      serviceId: "0000138a-facb-11e6-bd58-64006a7986d3",
    }],
    ["hvsocket:5e1a4a6f-1c9b-4b7a-9f43-0c1d2e3f4a5b:00000016-facb-11e6-bd58-64006a7986d3", {
      kind: "hvsocket",
      vmId: "5e1a4a6f-1c9b-4b7a-9f43-0c1d2e3f4a5b",
      serviceId: "00000016-facb-11e6-bd58-64006a7986d3",
    }],
    ["unix:/run/egs.sock", { kind: "unix", path: "/run/egs.sock" }],
    ["unix-ffi:/run/egs.sock", { kind: "unix-ffi", path: "/run/egs.sock" }],
    ["tcp:10.0.0.5:22", { kind: "tcp", host: "10.0.0.5", port: 22 }],
  ];
  for (const [spec, expected] of cases) assertEquals(parseConnectSpec(spec), expected, spec);
});

Deno.test("parseConnectSpec() rejects malformed specs", () => {
  const cases: [string, string][] = [
    ["vsock", "is not a vsock CID"],
    ["vsock:x", '"x" is not a vsock CID'],
    ["vsock:3:4294967296", "is not a vsock port"],
    ["vsock:3:22:1", "expected vsock:CID"],
    ["hvsocket:abc", "expected hvsocket:VM-ID"],
    ["tcp:host", "expected tcp:HOST:PORT"],
    ["ws:x", 'unknown transport "ws"'],
  ];
  for (const [spec, message] of cases) {
    assertThrows(() => parseConnectSpec(spec), UsageError, message);
  }
});
