/**
 * Registry bindings through `Deno.dlopen`, opened on first use, for the
 * Windows KVP pools under `HKLM\SOFTWARE\Microsoft\Virtual Machine`. Strings
 * are UTF-16LE (the `W` functions). Results are Win32 error codes, 0 on
 * success.
 *
 * NOTE: written against the Win32 documentation and type-checked, but no
 * test has run these bindings, because the test machines run Linux.
 */

/** `HKEY_LOCAL_MACHINE`: `(HKEY)(LONG)0x80000002`, sign-extended to 64 bits. */
export const HKEY_LOCAL_MACHINE = 0xffff_ffff_8000_0002n;
export const KEY_READ = 0x20019;
export const KEY_WRITE = 0x20006;
export const REG_OPTION_NON_VOLATILE = 0;
export const REG_SZ = 1;
export const ERROR_SUCCESS = 0;
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_MORE_DATA = 234;
export const ERROR_NO_MORE_ITEMS = 259;

const SYMBOLS = {
  RegOpenKeyExW: { parameters: ["pointer", "buffer", "u32", "u32", "buffer"], result: "i32" },
  RegCreateKeyExW: {
    parameters: [
      "pointer",
      "buffer",
      "u32",
      "pointer",
      "u32",
      "u32",
      "pointer",
      "buffer",
      "pointer",
    ],
    result: "i32",
  },
  RegQueryInfoKeyW: {
    parameters: [
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "pointer",
      "buffer",
      "buffer",
      "buffer",
      "pointer",
      "pointer",
    ],
    result: "i32",
  },
  RegEnumValueW: {
    parameters: ["pointer", "u32", "buffer", "buffer", "pointer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
  RegQueryValueExW: {
    parameters: ["pointer", "buffer", "pointer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
  RegSetValueExW: {
    parameters: ["pointer", "buffer", "u32", "u32", "buffer", "u32"],
    result: "i32",
  },
  RegDeleteValueW: { parameters: ["pointer", "buffer"], result: "i32" },
  RegCloseKey: { parameters: ["pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The advapi32 symbols EGS calls. */
export type Advapi32Symbols = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** Opens advapi32.dll on first use and returns its symbols; throws on other systems. */
export function advapi32(): Advapi32Symbols {
  if (library === undefined) {
    if (Deno.build.os !== "windows") {
      throw new Error(`The registry bindings are Windows-only; this is ${Deno.build.os}.`);
    }
    library = Deno.dlopen("advapi32.dll", SYMBOLS);
  }
  return library.symbols;
}

/** Returns the HKEY_LOCAL_MACHINE handle as an FFI pointer. */
export function hkeyLocalMachine(): Deno.PointerValue {
  return Deno.UnsafePointer.create(HKEY_LOCAL_MACHINE);
}

/** Reads an HKEY written by RegOpenKeyExW or RegCreateKeyExW into an 8-byte buffer. */
export function readHandle(buffer: Uint8Array): Deno.PointerValue {
  return Deno.UnsafePointer.create(
    new DataView(buffer.buffer, buffer.byteOffset, 8).getBigUint64(0, true),
  );
}

/** A failed registry call with its Win32 error code. */
export class RegistryError extends Error {
  /** The Win32 error code, for example 5 for ERROR_ACCESS_DENIED. */
  readonly code: number;

  constructor(call: string, code: number, detail: string) {
    super(`${call} failed for ${detail} with Win32 error ${code}.`);
    this.name = "RegistryError";
    this.code = code;
  }
}
