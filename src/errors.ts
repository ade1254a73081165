/**
 * Error types shared by both binaries. Each carries the process exit code that
 * architecture-wide conventions assign to it, so the CLI layer maps an error to
 * an exit code without inspecting messages.
 */

import { ExitCode } from "./exit_codes.ts";

/** Base class for every error EGS raises on purpose; the message is user-facing. */
export class EgsError extends Error {
  /** Exit code the CLI returns when this error ends a command. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A command line that cannot be used: unknown option, bad value, missing argument. */
export class UsageError extends EgsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
  }
}

/** Location of a problem inside an input file. Lines and columns are 1-based. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
}

/** Input that cannot be read or parsed (unreadable file, broken YAML, bad encoding). */
export class InputError extends EgsError {
  readonly location: SourceLocation;

  constructor(message: string, location: SourceLocation = {}, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
    this.location = location;
  }
}

/** Work that failed: validation rejected the input, a module or a transfer failed. */
export class OperationError extends EgsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Failure, options);
  }
}

/** A capability the running operating system does not have. */
export class NotSupportedError extends EgsError {
  constructor(capability: string, os: string = Deno.build.os) {
    super(`${capability} is not supported on ${os}.`, ExitCode.Failure);
  }
}

/** Formats a location as `file:line:column`, leaving out the parts that are unknown. */
export function formatLocation(location: SourceLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.line !== undefined && location.column !== undefined) {
    parts.push(String(location.column));
  }
  return parts.join(":");
}
