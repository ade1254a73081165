/**
 * POSIX path operations that give the results of Node's `path.posix`, written
 * against Deno APIs only. Importing any `node:` module loads Deno's Node
 * compatibility layer, which costs a short-lived command such as
 * `egs-service run` several milliseconds and megabytes at start-up.
 */

/** Returns `path` with `.` and `..` segments resolved and repeated slashes merged. */
export function normalize(path: string): string {
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const trailingSlash = path.endsWith("/");
  const segments = resolveDots(path.split("/"), absolute);
  let result = segments.join("/");
  if (result === "" && !absolute) result = ".";
  if (result !== "" && trailingSlash) result += "/";
  return absolute ? `/${result}` : result;
}

/** Joins the non-empty parts with `/` and normalizes the result, which is `.` for no parts. */
export function join(...parts: string[]): string {
  const joined = parts.filter((part) => part !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

/** Resolves the parts from right to left into an absolute path, starting at the current folder. */
export function resolve(...parts: string[]): string {
  let path = "";
  for (let index = parts.length - 1; index >= 0 && !path.startsWith("/"); index--) {
    if (parts[index] === "") continue;
    path = path === "" ? parts[index] : `${parts[index]}/${path}`;
  }
  if (!path.startsWith("/")) path = path === "" ? Deno.cwd() : `${Deno.cwd()}/${path}`;
  return `/${resolveDots(path.split("/"), true).join("/")}`;
}

/** Reports whether `path` starts at the root. */
export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/**
 * Returns the folder part of `path`: everything before the slash that
 * precedes its last segment, trailing slashes ignored, or `.` when there is
 * none. As in Node, slashes repeated before the last segment are kept but one.
 */
export function dirname(path: string): string {
  if (path === "") return ".";
  let end = path.length;
  while (end > 1 && path[end - 1] === "/") end--;
  const slash = path.lastIndexOf("/", end - 1);
  if (slash < 1) return path.startsWith("/") ? "/" : ".";
  if (slash === 1 && path.startsWith("/")) return "//";
  return path.slice(0, slash);
}

/** Returns the last segment of `path`, trailing slashes ignored. */
export function basename(path: string): string {
  const trimmed = trimTrailingSlashes(path);
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Returns the path from `from` to `to`, both resolved first, or `""` when they are the same. */
export function relative(from: string, to: string): string {
  const fromSegments = segmentsOf(resolve(from));
  const toSegments = segmentsOf(resolve(to));
  let common = 0;
  while (
    common < fromSegments.length && common < toSegments.length &&
    fromSegments[common] === toSegments[common]
  ) common++;
  const up = fromSegments.slice(common).map(() => "..");
  return [...up, ...toSegments.slice(common)].join("/");
}

/** Returns the file system path of a `file:` URL. Throws a TypeError for other URLs. */
export function fromFileUrl(url: URL | string): string {
  const parsed = url instanceof URL ? url : new URL(url);
  if (parsed.protocol !== "file:") {
    throw new TypeError(`Cannot convert "${parsed.href}" to a path: it is not a file: URL.`);
  }
  if (parsed.hostname !== "" && parsed.hostname !== "localhost") {
    throw new TypeError(
      `Cannot convert "${parsed.href}" to a path: a file: URL names no host on this system.`,
    );
  }
  if (/%2f/i.test(parsed.pathname)) {
    throw new TypeError(
      `Cannot convert "${parsed.href}" to a path: it encodes a "/" inside a segment.`,
    );
  }
  return decodeURIComponent(parsed.pathname);
}

function resolveDots(segments: string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") out.push(segment);
    else if (out.length > 0 && out.at(-1) !== "..") out.pop();
    else if (!absolute) out.push("..");
  }
  return out;
}

function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}

function segmentsOf(absolutePath: string): string[] {
  return absolutePath.split("/").filter((segment) => segment !== "");
}
