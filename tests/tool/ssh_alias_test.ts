import { assertEquals, assertThrows } from "../_support/assert.ts";
import { UsageError } from "../../src/errors.ts";
import { validateSshAlias } from "../../src/tool/ssh_alias.ts";

Deno.test("validateSshAlias() accepts letters, digits, dots, underscores and dashes", () => {
  for (const alias of ["web", "web-1", "db_2.lab", "A.b-c_D"]) {
    assertEquals(validateSshAlias(alias), alias);
  }
});

Deno.test("validateSshAlias() rejects other characters", () => {
  for (const alias of ["", "a b", "a*", "a?b", "-oProxyCommand", "x;y", "é"]) {
    assertThrows(() => validateSshAlias(alias), UsageError, `"${alias}"`);
  }
});

Deno.test("validateSshAlias() rejects names egs-tool generates", () => {
  assertThrows(() => validateSshAlias("web.hyper-v.alt"), UsageError, ".hyper-v.alt");
  assertThrows(() => validateSshAlias("web.ERYPH.alt"), UsageError, ".eryph.alt");
});
