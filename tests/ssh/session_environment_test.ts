import { assertEquals } from "../_support/assert.ts";
import {
  acceptsClientVariable,
  buildSessionEnvironment,
  ROOT_PATH,
} from "../../src/ssh/session_environment.ts";

Deno.test("buildSessionEnvironment() sets the login variables", () => {
  const environment = buildSessionEnvironment({
    user: "root",
    home: "/root",
    shellPath: "/bin/bash",
    clientVariables: new Map([["LC_ALL", "C.UTF-8"]]),
    inherited: { LANG: "en_US.UTF-8", SECRET: "no" },
  });
  assertEquals(environment, {
    LANG: "en_US.UTF-8",
    LC_ALL: "C.UTF-8",
    HOME: "/root",
    USER: "root",
    LOGNAME: "root",
    SHELL: "/bin/bash",
    PATH: ROOT_PATH,
    MAIL: "/var/mail/root",
    SSH_CONNECTION: "UNKNOWN 65535 UNKNOWN 65535",
    SSH_CLIENT: "UNKNOWN 65535 65535",
  });
});

Deno.test("buildSessionEnvironment() adds TERM, SSH_TTY and SSH_ORIGINAL_COMMAND", () => {
  const environment = buildSessionEnvironment({
    user: "root",
    home: "/root",
    shellPath: "/bin/sh",
    clientVariables: new Map(),
    terminal: { term: "xterm-256color", ttyName: "/dev/pts/4" },
    originalCommand: "ls -l",
  });
  assertEquals(environment.TERM, "xterm-256color");
  assertEquals(environment.SSH_TTY, "/dev/pts/4");
  assertEquals(environment.SSH_ORIGINAL_COMMAND, "ls -l");
});

Deno.test("acceptsClientVariable() protects login and SSH variables", () => {
  assertEquals(acceptsClientVariable("LANG"), true);
  assertEquals(acceptsClientVariable("MY_VAR1"), true);
  for (const name of ["HOME", "PATH", "USER", "SHELL", "SSH_TTY", "1BAD", "A-B", ""]) {
    assertEquals(acceptsClientVariable(name), false, name);
  }
});
