import { assertEquals } from "../../_support/assert.ts";
import { SftpStatus, SftpStatusError, statusForError } from "../../../src/ssh/sftp/status.ts";

Deno.test("statusForError() maps Deno errors to SFTP codes", () => {
  assertEquals(statusForError(new Deno.errors.NotFound("x")), {
    code: SftpStatus.NO_SUCH_FILE,
    message: "No such file",
  });
  assertEquals(statusForError(new Deno.errors.PermissionDenied("x")), {
    code: SftpStatus.PERMISSION_DENIED,
    message: "Permission denied",
  });
  assertEquals(statusForError(new Deno.errors.AlreadyExists("x")), {
    code: SftpStatus.FAILURE,
    message: "File exists",
  });
});

Deno.test("statusForError() maps errno codes from node:fs errors", () => {
  const error = Object.assign(new Error("lchown failed"), { code: "EPERM" });

  assertEquals(statusForError(error).code, SftpStatus.PERMISSION_DENIED);
});

Deno.test("statusForError() reads the os error number from Deno's message", () => {
  const error = new Error("Directory not empty (os error 39): remove '/x'");

  assertEquals(statusForError(error), { code: SftpStatus.FAILURE, message: "Directory not empty" });
});

Deno.test("statusForError() passes an SftpStatusError through", () => {
  const error = new SftpStatusError(SftpStatus.OP_UNSUPPORTED, "Cannot truncate a symbolic link");

  assertEquals(statusForError(error), {
    code: SftpStatus.OP_UNSUPPORTED,
    message: "Cannot truncate a symbolic link",
  });
});

Deno.test("statusForError() keeps the message of an unknown error", () => {
  assertEquals(statusForError(new Error("disk on fire")), {
    code: SftpStatus.FAILURE,
    message: "disk on fire",
  });
});
