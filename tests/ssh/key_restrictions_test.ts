import { assert, assertEquals } from "../_support/assert.ts";
import { parseAuthorizedKeyLine } from "../../src/ssh/authorized_keys.ts";
import {
  interpretKeyOptions,
  type KeyOptionsResult,
  parsePermitOpen,
  permitsOpen,
} from "../../src/ssh/key_restrictions.ts";

const KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIDnqUrXhVsqXFevCN1fCHb6Yoj1jFd5qWh3C9cNOxP2t";
const NOW = new Date("2026-06-01T12:00:00Z");

function interpret(options: string): KeyOptionsResult {
  const entry = parseAuthorizedKeyLine(`${options} ssh-ed25519 ${KEY}`);
  return interpretKeyOptions(entry.options, NOW);
}

function restrictionsOf(options: string) {
  const result = interpret(options);
  if (!result.accepted) throw new Error(`unexpected rejection: ${result.reason}`);
  return result.restrictions;
}

Deno.test("interpretKeyOptions() allows everything without options", () => {
  const result = interpretKeyOptions([], NOW);
  assert(result.accepted);
  assertEquals(result.restrictions.pty, true);
  assertEquals(result.restrictions.portForwarding, true);
  assertEquals(result.restrictions.forcedCommand, undefined);
});

Deno.test("interpretKeyOptions() applies restrict and later re-enables", () => {
  const restricted = restrictionsOf("restrict");
  assertEquals(
    [
      restricted.pty,
      restricted.portForwarding,
      restricted.agentForwarding,
      restricted.x11Forwarding,
    ],
    [false, false, false, false],
  );
  const withPty = restrictionsOf("restrict,pty,port-forwarding");
  assertEquals([withPty.pty, withPty.portForwarding, withPty.agentForwarding], [true, true, false]);
});

Deno.test("interpretKeyOptions() honours each no- option", () => {
  assertEquals(restrictionsOf("no-pty").pty, false);
  assertEquals(restrictionsOf("no-port-forwarding").portForwarding, false);
  assertEquals(restrictionsOf("no-agent-forwarding").agentForwarding, false);
  assertEquals(restrictionsOf("no-X11-forwarding").x11Forwarding, false);
  assertEquals(restrictionsOf("no-user-rc").pty, true);
});

Deno.test("interpretKeyOptions() reads command= and permitopen=", () => {
  const restrictions = restrictionsOf(
    'command="echo \\"a,b\\"",permitopen="127.0.0.1:8080",permitopen="[::1]:*"',
  );
  assertEquals(restrictions.forcedCommand, 'echo "a,b"');
  assertEquals(restrictions.permitOpen, [{ host: "127.0.0.1", port: 8080 }, { host: "::1" }]);
});

Deno.test("interpretKeyOptions() accepts a future expiry-time", () => {
  assertEquals(
    restrictionsOf('expiry-time="20260601121001"').expiresAt?.toISOString(),
    "2026-06-01T12:10:01.000Z",
  );
});

const REJECTIONS: [string, string][] = [
  ['expiry-time="20260601120000"', "expiry-time"],
  ['expiry-time="20200101"', "expiry-time"],
  ['expiry-time="20260602T143000Z"', "expiry-time"],
  ['expiry-time=""', "expiry-time"],
  ['from="10.0.0.1"', "from"],
  ['environment="A=B"', "environment"],
  ["cert-authority", "cert-authority"],
  ['principals="x"', "principals"],
  ['tunnel="1"', "tunnel"],
  ['permitlisten="8080"', "permitlisten"],
  ['permitopen="nocolon"', "permitopen"],
  ["command", "command"],
];

for (const [options, option] of REJECTIONS) {
  Deno.test(`interpretKeyOptions() rejects ${options}`, () => {
    const result = interpret(`no-pty,${options}`);
    assert(!result.accepted);
    assertEquals(result.option, option);
  });
}

Deno.test("parsePermitOpen() reads hosts, IPv6 and wildcard ports", () => {
  assertEquals(parsePermitOpen("LocalHost:22"), { host: "localhost", port: 22 });
  assertEquals(parsePermitOpen("[::1]:443"), { host: "::1", port: 443 });
  assertEquals(parsePermitOpen("db:*"), { host: "db" });
  assertEquals(parsePermitOpen("db:0"), undefined);
  assertEquals(parsePermitOpen("db:70000"), undefined);
  assertEquals(parsePermitOpen("db"), undefined);
});

Deno.test("permitsOpen() checks forwarding and permitopen rules", () => {
  assertEquals(permitsOpen(restrictionsOf("no-pty"), "anything", 1), true);
  assertEquals(permitsOpen(restrictionsOf("no-port-forwarding"), "anything", 1), false);
  const limited = restrictionsOf('permitopen="127.0.0.1:80",permitopen="db:*"');
  assertEquals(permitsOpen(limited, "127.0.0.1", 80), true);
  assertEquals(permitsOpen(limited, "127.0.0.1", 81), false);
  assertEquals(permitsOpen(limited, "DB", 5432), true);
  assertEquals(permitsOpen(limited, "other", 80), false);
});
