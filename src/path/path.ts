/**
 * Path operations for the running OS: our own POSIX functions on Linux, and
 * Node's `path.win32` on Windows, loaded only there. Code on the start-up
 * path of `egs-service run` imports these instead of `node:path`, so that a
 * Linux run never loads Deno's Node compatibility layer.
 */

import * as posix from "./_posix.ts";

// NOTE: no test runs the Windows branch, which only Windows takes.
const windows = Deno.build.os === "windows"
  ? {
    ...(await import("node:path")).win32,
    fileURLToPath: (await import("node:url")).fileURLToPath,
  }
  : undefined;

/** Joins the non-empty parts with the OS separator and normalizes the result. */
export const join: (...parts: string[]) => string = windows?.join ?? posix.join;

/** Resolves the parts from right to left into an absolute path. */
export const resolve: (...parts: string[]) => string = windows?.resolve ?? posix.resolve;

/** Returns `path` with `.` and `..` segments resolved. */
export const normalize: (path: string) => string = windows?.normalize ?? posix.normalize;

/** Reports whether `path` is absolute. */
export const isAbsolute: (path: string) => boolean = windows?.isAbsolute ?? posix.isAbsolute;

/** Returns the folder part of `path`. */
export const dirname: (path: string) => string = windows?.dirname ?? posix.dirname;

/** Returns the last segment of `path`, trailing separators ignored. */
export const basename: (path: string) => string = windows?.basename ?? posix.basename;

/** Returns the path from `from` to `to`, or `""` when both resolve to the same path. */
export const relative: (from: string, to: string) => string = windows?.relative ??
  posix.relative;

/** Returns the file system path of a `file:` URL. Throws a TypeError for other URLs. */
export const fromFileUrl: (url: URL | string) => string = windows?.fileURLToPath ??
  posix.fromFileUrl;
