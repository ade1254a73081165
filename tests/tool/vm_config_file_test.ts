import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { readHostNames, removeAlias, renderVmConfig } from "../../src/tool/vm_config_file.ts";

const CONFIG = {
  hostName: "abc.hyper-v.alt",
  aliases: ["web"],
  identityFile: "/home/u/key/id_egs",
  knownHostsFile: "/home/u/ssh/known_hosts/abc",
  strictHostKeyChecking: "yes" as const,
  proxyCommand: "/usr/bin/egs-tool proxy abc",
};

Deno.test("renderVmConfig() writes a strict alias entry", () => {
  const text = renderVmConfig(CONFIG);
  const lines = text.split("\n");
  assertEquals(lines[1], "Host web abc.hyper-v.alt");
  for (
    const expected of [
      "  HostName abc.hyper-v.alt",
      "  User egs",
      '  IdentityFile "/home/u/key/id_egs"',
      "  IdentitiesOnly yes",
      '  UserKnownHostsFile "/home/u/ssh/known_hosts/abc"',
      "  StrictHostKeyChecking yes",
      "  PasswordAuthentication no",
      "  KbdInteractiveAuthentication no",
      "  ProxyCommand /usr/bin/egs-tool proxy abc",
    ]
  ) {
    assertEquals(lines.includes(expected), true, expected);
  }
  assertEquals(text.includes("StrictHostKeyChecking no"), false);
});

Deno.test("renderVmConfig() writes accept-new when no key is pinned", () => {
  const text = renderVmConfig({ ...CONFIG, aliases: [], strictHostKeyChecking: "accept-new" });
  assertStringIncludes(text, "Host abc.hyper-v.alt\n");
  assertStringIncludes(text, "StrictHostKeyChecking accept-new");
});

Deno.test("readHostNames() returns the names of the Host line", () => {
  assertEquals(readHostNames(renderVmConfig(CONFIG)), ["web", "abc.hyper-v.alt"]);
  assertEquals(readHostNames("# nothing\n"), []);
});

Deno.test("removeAlias() takes the alias off a Host line", () => {
  const text = "Host web other.hyper-v.alt\n  User egs\n";
  assertEquals(removeAlias(text, "WEB"), "Host other.hyper-v.alt\n  User egs\n");
});

Deno.test("removeAlias() keeps an alias-only Host line", () => {
  assertEquals(removeAlias("Host web\n  User egs\n", "web"), undefined);
});

Deno.test("removeAlias() returns undefined when the alias is absent", () => {
  assertEquals(removeAlias("Host db other.hyper-v.alt\n", "web"), undefined);
});
