import { assertEquals } from "../_support/assert.ts";
import { selectShell, shellArgv, splitShellArgs } from "../../src/ssh/shell_selection.ts";

Deno.test("selectShell() prefers the KVP shell over every other source", () => {
  const shell = selectShell({
    kvpShell: " /bin/zsh ",
    kvpShellArgs: "-l",
    clientShell: "/bin/sh",
    clientShellArgs: "-x",
    defaultShell: "/bin/dash",
  });
  assertEquals(shell, { path: "/bin/zsh", args: ["-l"], source: "kvp" });
});

Deno.test("selectShell() uses the client's SHELL when KVP has none", () => {
  const shell = selectShell({
    kvpShell: "  ",
    kvpShellArgs: "-l",
    clientShell: "/bin/sh",
    clientShellArgs: "-e -u",
    defaultShell: "/bin/dash",
  });
  assertEquals(shell, { path: "/bin/sh", args: ["-e", "-u"], source: "client" });
});

Deno.test("selectShell() falls back to $SHELL, then /bin/bash", () => {
  assertEquals(selectShell({ clientShellArgs: "-x", defaultShell: "/bin/dash" }), {
    path: "/bin/dash",
    args: [],
    source: "default",
  });
  assertEquals(selectShell({}), { path: "/bin/bash", args: [], source: "default" });
});

Deno.test("splitShellArgs() groups quoted words", () => {
  assertEquals(splitShellArgs(` -o "a b" 'c d'  e `), ["-o", "a b", "c d", "e"]);
  assertEquals(splitShellArgs(undefined), []);
});

Deno.test("shellArgv() places -c and the command after the arguments", () => {
  const shell = { path: "/bin/bash", args: ["--norc"], source: "default" as const };
  assertEquals(shellArgv(shell, "echo ok"), ["/bin/bash", "--norc", "-c", "echo ok"]);
  assertEquals(shellArgv(shell), ["/bin/bash", "--norc"]);
});
