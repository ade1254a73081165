import { assertEquals, assertThrows } from "../_support/assert.ts";
import { UsageError } from "../../src/errors.ts";
import {
  isLoopbackHost,
  type ListenSpec,
  parseListenSpec,
} from "../../src/transport/listen_spec.ts";

Deno.test("parseListenSpec() accepts every transport", () => {
  const cases: [string, ListenSpec][] = [
    ["vsock", { kind: "vsock", port: 5002 }],
    ["vsock:1234", { kind: "vsock", port: 1234 }],
    ["hvsocket", {
      kind: "hvsocket",
      vmId: "a42e7cda-d03f-480c-9cc2-a4de20abb878",
      serviceId: "0000138a-facb-11e6-bd58-64006a7986d3",
    }],
    ["hvsocket:{00000016-FACB-11E6-BD58-64006A7986D3}", {
      kind: "hvsocket",
      vmId: "a42e7cda-d03f-480c-9cc2-a4de20abb878",
      serviceId: "00000016-facb-11e6-bd58-64006a7986d3",
    }],
    ["unix:/run/egs.sock", { kind: "unix", path: "/run/egs.sock" }],
    ["unix-ffi:/tmp/a b.sock", { kind: "unix-ffi", path: "/tmp/a b.sock" }],
    ["tcp:127.0.0.1:2222", { kind: "tcp", host: "127.0.0.1", port: 2222 }],
    ["tcp:[::1]:0", { kind: "tcp", host: "::1", port: 0 }],
    ["tcp:localhost:22", { kind: "tcp", host: "localhost", port: 22 }],
    ["TCP:127.1.2.3:22", { kind: "tcp", host: "127.1.2.3", port: 22 }],
  ];
  for (const [spec, expected] of cases) assertEquals(parseListenSpec(spec), expected, spec);
});

Deno.test("parseListenSpec() rejects remote TCP by default", () => {
  for (const host of ["0.0.0.0", "192.168.1.5", "[::]", "example.com"]) {
    const error = assertThrows(
      () => parseListenSpec(`tcp:${host}:22`),
      UsageError,
      "--allow-remote-tcp",
    );
    assertEquals(error.message.includes(`"${host.replace(/[\[\]]/g, "")}"`), true, error.message);
  }
  assertEquals(
    parseListenSpec("tcp:0.0.0.0:22", { allowRemoteTcp: true }),
    { kind: "tcp", host: "0.0.0.0", port: 22 },
  );
});

Deno.test("parseListenSpec() rejects malformed specs", () => {
  const cases: [string, string][] = [
    ["serial:1", 'unknown transport "serial"'],
    ["unix:", "needs a path"],
    ["tcp:127.0.0.1", "expected tcp:HOST:PORT"],
    ["tcp:127.0.0.1:70000", "above 65535"],
    ["vsock:abc", '"abc" is not a port number'],
    ["hvsocket:not-a-guid", "is not a service id GUID"],
  ];
  for (const [spec, message] of cases) {
    assertThrows(() => parseListenSpec(spec), UsageError, message);
  }
});

Deno.test("isLoopbackHost() recognises loopback names", () => {
  const cases: [string, boolean][] = [
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["::1", true],
    ["LOCALHOST", true],
    ["128.0.0.1", false],
    ["127.0.0.256", false],
    ["::", false],
    ["localhost.example.com", false],
  ];
  for (const [host, expected] of cases) assertEquals(isLoopbackHost(host), expected, host);
});
