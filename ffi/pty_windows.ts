/**
 * kernel32 bindings for Windows pseudo consoles (ConPTY, Windows 10 1809 and
 * later): pipes, CreatePseudoConsole, process creation with a
 * PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE attribute, and waiting for the process.
 * The library is opened on first use.
 *
 * Calls that can block (ReadFile, WriteFile, WaitForSingleObject and
 * ClosePseudoConsole, which waits for pending output to be read) are declared
 * `nonblocking: true`, so Deno runs them on a worker thread.
 */

/** `CreateProcessW` creation flags. */
export const EXTENDED_STARTUPINFO_PRESENT = 0x00080000;
export const CREATE_UNICODE_ENVIRONMENT = 0x00000400;

/** `STARTUPINFOW.dwFlags` bit that makes the std handles come from the structure. */
export const STARTF_USESTDHANDLES = 0x00000100;

/** Attribute that attaches a pseudo console to the new process. */
export const PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE = 0x00020016n;

/** `WaitForSingleObject` timeout that waits forever. */
export const INFINITE = 0xffffffff;

/** Sizes of the x64 structures: STARTUPINFOEXW and PROCESS_INFORMATION. */
export const STARTUPINFOEXW_SIZE = 112;
export const PROCESS_INFORMATION_SIZE = 24;

const SYMBOLS = {
  CreatePipe: { parameters: ["buffer", "buffer", "pointer", "u32"], result: "i32" },
  CloseHandle: { parameters: ["pointer"], result: "i32" },
  // COORD is two SHORTs passed by value, which the x64 ABI passes as one 32-bit integer.
  CreatePseudoConsole: {
    parameters: ["u32", "pointer", "pointer", "u32", "buffer"],
    result: "i32",
  },
  ResizePseudoConsole: { parameters: ["pointer", "u32"], result: "i32" },
  ClosePseudoConsole: { parameters: ["pointer"], result: "void", nonblocking: true },
  InitializeProcThreadAttributeList: {
    parameters: ["pointer", "u32", "u32", "buffer"],
    result: "i32",
  },
  UpdateProcThreadAttribute: {
    parameters: ["pointer", "u32", "usize", "pointer", "usize", "pointer", "pointer"],
    result: "i32",
  },
  DeleteProcThreadAttributeList: { parameters: ["pointer"], result: "void" },
  CreateProcessW: {
    parameters: [
      "pointer",
      "buffer",
      "pointer",
      "pointer",
      "i32",
      "u32",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "i32",
  },
  ReadFile: {
    parameters: ["pointer", "buffer", "u32", "buffer", "pointer"],
    result: "i32",
    nonblocking: true,
  },
  WriteFile: {
    parameters: ["pointer", "buffer", "u32", "buffer", "pointer"],
    result: "i32",
    nonblocking: true,
  },
  WaitForSingleObject: { parameters: ["pointer", "u32"], result: "u32", nonblocking: true },
  GetExitCodeProcess: { parameters: ["pointer", "buffer"], result: "i32" },
  TerminateProcess: { parameters: ["pointer", "u32"], result: "i32" },
  GetLastError: { parameters: [], result: "u32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The opened kernel32 symbols for pseudo consoles. */
export type ConPtyKernel32 = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** Opens kernel32.dll on the first call and returns its pseudo console symbols. */
export function conPtyKernel32(): ConPtyKernel32 {
  library ??= Deno.dlopen("kernel32.dll", SYMBOLS);
  return library.symbols;
}

/** Packs a console size into the COORD value CreatePseudoConsole takes (X low, Y high). */
export function packCoord(cols: number, rows: number): number {
  const clamp = (value: number) => Math.max(1, Math.min(0x7fff, Math.trunc(value)));
  return (clamp(rows) << 16 | clamp(cols)) >>> 0;
}

/** Encodes a string as NUL-terminated UTF-16LE, the form of every `W` API. */
export function wideString(value: string): Uint16Array<ArrayBuffer> {
  const buffer = new Uint16Array(value.length + 1);
  for (let i = 0; i < value.length; i++) buffer[i] = value.charCodeAt(i);
  return buffer;
}

/** Reads a HANDLE that a call stored in an 8-byte out-parameter. */
export function handleFrom(buffer: BigUint64Array): Deno.PointerValue {
  return Deno.UnsafePointer.create(buffer[0]);
}
