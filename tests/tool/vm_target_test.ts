import { assertEquals, assertThrows } from "../_support/assert.ts";
import { UsageError } from "../../src/errors.ts";
import { parseVmTarget, vmHostName } from "../../src/tool/vm_target.ts";

Deno.test("parseVmTarget() lower-cases a GUID and targets its Hyper-V socket", () => {
  const target = parseVmTarget("{6F1C2E4A-93B1-4C53-9C5E-1D2F3A4B5C6D}");
  assertEquals(target.id, "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d");
  assertEquals(target.connect.kind, "hvsocket");
  assertEquals(vmHostName(target), "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d.hyper-v.alt");
});

Deno.test("parseVmTarget() reads cid:N as a vsock guest", () => {
  const target = parseVmTarget("cid:42");
  assertEquals(target.id, "cid:42");
  assertEquals(target.name, "cid-42");
  assertEquals(target.connect, { kind: "vsock", cid: 42, port: 5002 });
});

Deno.test("parseVmTarget() rejects other ids", () => {
  for (const text of ["", "web", "cid:", "cid:-1", "cid:99999999999", "6f1c2e4a"]) {
    assertThrows(() => parseVmTarget(text), UsageError, "Invalid VM id");
  }
});
