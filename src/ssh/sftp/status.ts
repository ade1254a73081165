/**
 * Maps file system errors to SFTP v3 status codes (draft-ietf-secsh-filexfer-02
 * section 7) and messages, the way OpenSSH's sftp-server maps errno.
 */

/** SFTP v3 status codes. */
export const SftpStatus = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  BAD_MESSAGE: 5,
  OP_UNSUPPORTED: 8,
} as const;

/** One of the SFTP v3 status codes. */
export type SftpStatusCode = typeof SftpStatus[keyof typeof SftpStatus];

/** A status code and the message sent with it. */
export interface SftpError {
  code: SftpStatusCode;
  message: string;
}

/** An error a request handler throws to reply with a specific status. */
export class SftpStatusError extends Error {
  readonly code: SftpStatusCode;

  constructor(code: SftpStatusCode, message: string) {
    super(message);
    this.name = "SftpStatusError";
    this.code = code;
  }
}

const ERRNO_MESSAGES: Readonly<Record<string, string>> = {
  EEXIST: "File exists",
  ENOTEMPTY: "Directory not empty",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  ENOSPC: "No space left on device",
  EROFS: "Read-only file system",
  EXDEV: "Cross-device link",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  EINVAL: "Invalid argument",
  EBUSY: "Device or resource busy",
  EDQUOT: "Disk quota exceeded",
};

/** Returns the status and message for an error thrown by Deno or node:fs. */
export function statusForError(error: unknown): SftpError {
  if (error instanceof SftpStatusError) return { code: error.code, message: error.message };
  if (error instanceof Deno.errors.NotFound) {
    return { code: SftpStatus.NO_SUCH_FILE, message: "No such file" };
  }
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return { code: SftpStatus.PERMISSION_DENIED, message: "Permission denied" };
  }

  const code = errorCode(error);
  if (code === "ENOENT") return { code: SftpStatus.NO_SUCH_FILE, message: "No such file" };
  if (code === "EACCES" || code === "EPERM") {
    return { code: SftpStatus.PERMISSION_DENIED, message: "Permission denied" };
  }
  if (error instanceof Deno.errors.AlreadyExists) {
    return { code: SftpStatus.FAILURE, message: ERRNO_MESSAGES.EEXIST };
  }
  const message = (code && ERRNO_MESSAGES[code]) ??
    (error instanceof Error ? error.message : String(error));
  return { code: SftpStatus.FAILURE, message };
}

/** Reads the errno name (`ENOENT`, ...) from a Deno or node:fs error. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  const message = (error as { message?: unknown }).message;
  if (typeof message !== "string") return undefined;
  // Deno's messages end with "(os error N)"; map the numbers we distinguish.
  const number = message.match(/\(os error (\d+)\)/)?.[1];
  return number === undefined ? undefined : LINUX_ERRNO_NAMES[Number(number)];
}

const LINUX_ERRNO_NAMES: Readonly<Record<number, string>> = {
  1: "EPERM",
  2: "ENOENT",
  13: "EACCES",
  16: "EBUSY",
  17: "EEXIST",
  18: "EXDEV",
  20: "ENOTDIR",
  21: "EISDIR",
  22: "EINVAL",
  28: "ENOSPC",
  30: "EROFS",
  36: "ENAMETOOLONG",
  39: "ENOTEMPTY",
  40: "ELOOP",
  122: "EDQUOT",
};
