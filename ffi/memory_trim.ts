/**
 * Hands memory that an idle process does not need back to the operating
 * system. Linux: glibc's `malloc_trim(0)` returns free heap pages, and
 * `madvise(MADV_PAGEOUT)` (Linux 5.4 and later) reclaims the pages of the
 * executable's file mappings, the code and start-up data of the runtime,
 * which fault back in from the file when used again. Windows:
 * `K32EmptyWorkingSet` on the own process does the same for the working set.
 */

/** Linux `MADV_PAGEOUT`. */
const MADV_PAGEOUT = 21;

const LINUX_SYMBOLS = {
  malloc_trim: { parameters: ["usize"], result: "i32" },
  madvise: { parameters: ["usize", "usize", "i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

const WINDOWS_SYMBOLS = {
  GetCurrentProcess: { parameters: [], result: "pointer" },
  K32EmptyWorkingSet: { parameters: ["pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** Result of one trim. */
export interface TrimOutcome {
  /** Mappings of the executable advised out (Linux). */
  mappings: number;
  /** Whether the heap or working-set call reported success. */
  released: boolean;
}

/** One mapping line of `/proc/self/maps`: start, end and the mapped path. */
export interface Mapping {
  start: bigint;
  end: bigint;
  path: string;
}

/** Parses `/proc/self/maps` text into the mappings that have a file path. */
export function parseMappings(text: string): Mapping[] {
  const mappings: Mapping[] = [];
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s+(\/.*)$/.exec(line);
    if (match === null) continue;
    mappings.push({
      start: BigInt(`0x${match[1]}`),
      end: BigInt(`0x${match[2]}`),
      path: match[3].replace(/ \(deleted\)$/, ""),
    });
  }
  return mappings;
}

let linux: Deno.DynamicLibrary<typeof LINUX_SYMBOLS>["symbols"] | undefined;
let windows: Deno.DynamicLibrary<typeof WINDOWS_SYMBOLS>["symbols"] | undefined;

/** Trims this process's memory; throws when the platform calls cannot be loaded. */
export function trimProcessMemory(): TrimOutcome {
  if (Deno.build.os === "windows") {
    // NOTE: not run by any test; Windows cannot run here.
    windows ??= Deno.dlopen("kernel32.dll", WINDOWS_SYMBOLS).symbols;
    return { mappings: 0, released: windows.K32EmptyWorkingSet(windows.GetCurrentProcess()) !== 0 };
  }

  linux ??= Deno.dlopen("libc.so.6", LINUX_SYMBOLS).symbols;
  const released = linux.malloc_trim(0n) === 1;
  const executable = Deno.execPath();
  let mappings = 0;
  for (const mapping of parseMappings(Deno.readTextFileSync("/proc/self/maps"))) {
    if (mapping.path !== executable) continue;
    if (linux.madvise(mapping.start, mapping.end - mapping.start, MADV_PAGEOUT) === 0) mappings++;
  }
  return { mappings, released };
}
