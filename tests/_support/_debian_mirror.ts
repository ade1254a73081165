/**
 * Finds the Debian mirror that this machine's apt already uses, so debootstrap
 * downloads from the same place as `apt-get install` does.
 */

import { join } from "node:path";

/** Mirror used when apt's sources name no mirror for the suite. */
export const DEFAULT_DEBIAN_MIRROR = "http://deb.debian.org/debian";

/** One apt source entry: its URIs and suites. */
export interface AptSource {
  uris: string[];
  suites: string[];
}

/**
 * Parses apt sources in either format: deb822 stanzas (`*.sources`) or
 * one-line `deb URI SUITE COMPONENT...` entries (`*.list`). Only `deb`
 * entries count, because debootstrap needs binary packages.
 */
export function parseAptSources(text: string): AptSource[] {
  if (/^\s*(Types|URIs)\s*:/im.test(text)) return parseDeb822(text);
  return parseOneLine(text);
}

function parseDeb822(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split("\n")) {
      if (line.trimStart().startsWith("#")) continue;
      const match = line.match(/^([A-Za-z-]+)\s*:\s*(.*)$/);
      if (match) fields.set(match[1].toLowerCase(), match[2].trim());
    }
    const types = (fields.get("types") ?? "").split(/\s+/);
    if (!types.includes("deb") || fields.get("enabled")?.toLowerCase() === "no") continue;
    sources.push({
      uris: (fields.get("uris") ?? "").split(/\s+/).filter(Boolean),
      suites: (fields.get("suites") ?? "").split(/\s+/).filter(Boolean),
    });
  }
  return sources;
}

function parseOneLine(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/#.*$/, "").trim();
    // Options such as `[arch=amd64 signed-by=...]` sit between the type and the URI.
    const words = line.replace(/\[[^\]]*\]/, " ").split(/\s+/).filter(Boolean);
    if (words[0] !== "deb" || words.length < 3) continue;
    sources.push({ uris: [words[1]], suites: [words[2]] });
  }
  return sources;
}

/** Returns the first URI whose entry lists `suite` itself, or undefined when none does. */
export function mirrorForSuite(sources: readonly AptSource[], suite: string): string | undefined {
  const source = sources.find((entry) => entry.suites.includes(suite) && entry.uris.length > 0);
  return source?.uris[0];
}

/**
 * Returns the mirror for `suite`: `EGS_DEBIAN_MIRROR` when set, else the one in
 * `/etc/apt/sources.list` and `/etc/apt/sources.list.d/`, else
 * {@linkcode DEFAULT_DEBIAN_MIRROR}.
 */
export async function findDebianMirror(suite: string, aptDir = "/etc/apt"): Promise<string> {
  const configured = Deno.env.get("EGS_DEBIAN_MIRROR");
  if (configured) return configured;

  const sources: AptSource[] = [];
  for (const path of await sourceFiles(aptDir)) {
    sources.push(...parseAptSources(await Deno.readTextFile(path)));
  }
  return mirrorForSuite(sources, suite) ?? DEFAULT_DEBIAN_MIRROR;
}

async function sourceFiles(aptDir: string): Promise<string[]> {
  const paths: string[] = [];
  const mainList = join(aptDir, "sources.list");
  if (await isFile(mainList)) paths.push(mainList);

  const partsDir = join(aptDir, "sources.list.d");
  if (!(await isDirectory(partsDir))) return paths;
  const names: string[] = [];
  for await (const entry of Deno.readDir(partsDir)) {
    if (entry.isFile && /\.(list|sources)$/.test(entry.name)) names.push(entry.name);
  }
  // apt reads the parts in lexical order, and so do we, so "the first mirror" means the same.
  return [...paths, ...names.sort().map((name) => join(partsDir, name))];
}

async function isFile(path: string): Promise<boolean> {
  return (await Deno.stat(path).catch(() => undefined))?.isFile ?? false;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await Deno.stat(path).catch(() => undefined))?.isDirectory ?? false;
}
