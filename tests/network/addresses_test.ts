import { assertEquals, assertThrows } from "../_support/assert.ts";
import {
  netmaskToPrefix,
  normalizeMac,
  routeDestination,
  toCidr,
} from "../../src/network/_addresses.ts";
import { InputError } from "../../src/errors.ts";

Deno.test("netmaskToPrefix() converts IPv4, IPv6 and numeric masks", () => {
  const cases: [string, number][] = [
    ["255.255.255.0", 24],
    ["255.255.255.252", 30],
    ["255.240.0.0", 12],
    ["0.0.0.0", 0],
    ["255.255.255.255", 32],
    ["ffff:ffff:ffff:ffff::", 64],
    ["::", 0],
    ["64", 64],
    ["/48", 48],
  ];
  for (const [mask, prefix] of cases) assertEquals(netmaskToPrefix(mask), prefix, mask);
});

Deno.test("netmaskToPrefix() rejects non-contiguous masks", () => {
  for (const mask of ["255.0.255.0", "255.255.256.0", "1.2.3", "ffff::ffff"]) {
    assertThrows(() => netmaskToPrefix(mask), InputError, `Invalid netmask "${mask}"`);
  }
});

Deno.test("toCidr() prefers the address prefix, then the netmask", () => {
  assertEquals(toCidr("10.0.0.5/16", "255.255.255.0"), "10.0.0.5/16");
  assertEquals(toCidr("10.0.0.5", "255.255.255.0"), "10.0.0.5/24");
  assertEquals(toCidr("2001:db8::5", "64"), "2001:db8::5/64");
  assertEquals(toCidr("10.0.0.5", undefined, 24), "10.0.0.5/24");
  assertEquals(toCidr("10.0.0.5", undefined), undefined);
});

Deno.test("routeDestination() normalizes default and host routes", () => {
  const cases: [string | undefined, string | undefined, string | undefined, string][] = [
    ["default", undefined, "192.0.2.1", "0.0.0.0/0"],
    ["default", undefined, "2001:db8::1", "::/0"],
    [undefined, undefined, "192.0.2.1", "0.0.0.0/0"],
    ["0.0.0.0", "0.0.0.0", "192.0.2.1", "0.0.0.0/0"],
    ["10.176.0.0", "255.240.0.0", "10.0.0.1", "10.176.0.0/12"],
    ["192.168.24.0/24", undefined, "192.168.24.1", "192.168.24.0/24"],
    ["192.0.2.7", undefined, undefined, "192.0.2.7/32"],
    ["2001:db8::7", undefined, undefined, "2001:db8::7/128"],
  ];
  for (const [destination, netmask, gateway, expected] of cases) {
    assertEquals(routeDestination(destination, netmask, gateway), expected, String(destination));
  }
});

Deno.test("normalizeMac() lower-cases and drops empty values", () => {
  assertEquals(normalizeMac("52:54:00:AB:CD:EF"), "52:54:00:ab:cd:ef");
  assertEquals(normalizeMac(""), undefined);
  assertEquals(normalizeMac(null), undefined);
  assertEquals(normalizeMac(undefined), undefined);
});
