/**
 * Windows PTY processes on a pseudo console (ConPTY): two pipes carry the
 * terminal's input and output, CreatePseudoConsole joins them to a console,
 * and CreateProcessW starts the program attached to it.
 *
 * NOTE: no test runs this file, because the tests run on Linux. Its pure
 * parts (command line, environment block, COORD packing) are tested.
 */

import { Duplex } from "node:stream";
import {
  conPtyKernel32,
  CREATE_UNICODE_ENVIRONMENT,
  EXTENDED_STARTUPINFO_PRESENT,
  handleFrom,
  INFINITE,
  packCoord,
  PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE,
  PROCESS_INFORMATION_SIZE,
  STARTF_USESTDHANDLES,
  STARTUPINFOEXW_SIZE,
  wideString,
} from "../../../ffi/pty_windows.ts";
import { getLogger } from "../../log/logging.ts";
import type { PtyExit, PtyProcess, PtyProcessOptions } from "./pty_process.ts";
import { signalNumber } from "./signals.ts";
import { windowsCommandLine, windowsEnvironmentBlock } from "./windows_command_line.ts";

const READ_BUFFER_SIZE = 64 * 1024;
const CLOSE_GRACE_MS = 3000;
const SIGINT = 2;
/** HUP, KILL and TERM end the process, because Windows has no signals to deliver. */
const TERMINATING_SIGNALS = new Set([1, 9, 15]);
const log = getLogger("ssh", "pty");

/** Starts `options.argv` on a new pseudo console; throws an Error naming the failed step. */
export function startWindowsPtyProcess(options: PtyProcessOptions): PtyProcess {
  const kernel32 = conPtyKernel32();
  const [inputRead, inputWrite] = createPipe();
  const [outputRead, outputWrite] = createPipe();

  const consoleHandle = new BigUint64Array(1);
  const size = packCoord(options.cols, options.rows);
  const result = kernel32.CreatePseudoConsole(size, inputRead, outputWrite, 0, consoleHandle);
  // The pseudo console holds its own references to these two pipe ends.
  kernel32.CloseHandle(inputRead);
  kernel32.CloseHandle(outputWrite);
  if (result !== 0) {
    kernel32.CloseHandle(inputWrite);
    kernel32.CloseHandle(outputRead);
    throw new Error(`Cannot create a pseudo console: HRESULT 0x${(result >>> 0).toString(16)}.`);
  }
  const pseudoConsole = handleFrom(consoleHandle);

  let process: { process: Deno.PointerValue; thread: Deno.PointerValue; pid: number };
  try {
    process = createProcess(options, pseudoConsole);
  } catch (error) {
    kernel32.ClosePseudoConsole(pseudoConsole);
    kernel32.CloseHandle(inputWrite);
    kernel32.CloseHandle(outputRead);
    throw error;
  }
  log.debug("Started {argv} on a pseudo console as pid {pid}.", {
    argv: options.argv,
    pid: process.pid,
  });

  const stream = new ConPtyStream(inputWrite, outputRead);
  let finished = false;
  const exited = waitForExit(process.process).finally(() => finished = true);
  let closing: Promise<void> | undefined;

  return {
    stream,
    pid: process.pid,
    // A pseudo console has no device path.
    ttyName: "",
    exited,
    resize(cols: number, rows: number): void {
      if (!finished) kernel32.ResizePseudoConsole(pseudoConsole, packCoord(cols, rows));
    },
    signal(name: string): void {
      const number = signalNumber(name);
      if (finished) return;
      if (number === SIGINT) {
        // The console turns a typed Ctrl-C into CTRL_C_EVENT for its processes.
        stream.write("\x03");
      } else if (TERMINATING_SIGNALS.has(number)) {
        kernel32.TerminateProcess(process.process, 1);
      } else {
        log.debug("Signal {name} has no Windows counterpart and is ignored.", { name });
      }
    },
    close(): Promise<void> {
      closing ??= (async () => {
        await kernel32.ClosePseudoConsole(pseudoConsole);
        const timeout = new Promise<"timeout">((resolve) =>
          setTimeout(() => resolve("timeout"), CLOSE_GRACE_MS)
        );
        if ((await Promise.race([exited, timeout])) === "timeout" && !finished) {
          kernel32.TerminateProcess(process.process, 1);
          await exited;
        }
        stream.destroy();
        kernel32.CloseHandle(process.thread);
        kernel32.CloseHandle(process.process);
      })();
      return closing;
    },
  };
}

function createPipe(): [Deno.PointerValue, Deno.PointerValue] {
  const read = new BigUint64Array(1);
  const write = new BigUint64Array(1);
  if (conPtyKernel32().CreatePipe(read, write, null, 0) === 0) {
    throw new Error(`Cannot create a pipe: error ${conPtyKernel32().GetLastError()}.`);
  }
  return [handleFrom(read), handleFrom(write)];
}

function createProcess(options: PtyProcessOptions, pseudoConsole: Deno.PointerValue) {
  const kernel32 = conPtyKernel32();

  const listSize = new BigUint64Array(1);
  kernel32.InitializeProcThreadAttributeList(null, 1, 0, listSize);
  const attributeList = new Uint8Array(Number(listSize[0]));
  const listPointer = Deno.UnsafePointer.of(attributeList);
  if (kernel32.InitializeProcThreadAttributeList(listPointer, 1, 0, listSize) === 0) {
    throw new Error(`Cannot prepare the process attributes: error ${kernel32.GetLastError()}.`);
  }

  try {
    // The attribute's value is the HPCON itself, not a pointer to it.
    const updated = kernel32.UpdateProcThreadAttribute(
      listPointer,
      0,
      PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE,
      pseudoConsole,
      8n,
      null,
      null,
    );
    if (updated === 0) {
      throw new Error(`Cannot attach the pseudo console: error ${kernel32.GetLastError()}.`);
    }

    const startupInfo = new Uint8Array(STARTUPINFOEXW_SIZE);
    const view = new DataView(startupInfo.buffer);
    view.setUint32(0, STARTUPINFOEXW_SIZE, true);
    // With STARTF_USESTDHANDLES and null handles the child does not inherit
    // this service's std handles and uses the pseudo console instead.
    view.setUint32(60, STARTF_USESTDHANDLES, true);
    view.setBigUint64(104, BigInt(Deno.UnsafePointer.value(listPointer)), true);

    const env = { ...options.env };
    env.TERM ??= options.term;
    const processInfo = new Uint8Array(PROCESS_INFORMATION_SIZE);
    const created = kernel32.CreateProcessW(
      null,
      wideString(windowsCommandLine(options.argv)),
      null,
      null,
      0,
      EXTENDED_STARTUPINFO_PRESENT | CREATE_UNICODE_ENVIRONMENT,
      windowsEnvironmentBlock(env),
      wideString(options.cwd),
      startupInfo,
      processInfo,
    );
    if (created === 0) {
      throw new Error(
        `Cannot start "${options.argv[0]}" in "${options.cwd}": error ${kernel32.GetLastError()}.`,
      );
    }

    const info = new DataView(processInfo.buffer);
    return {
      process: Deno.UnsafePointer.create(info.getBigUint64(0, true)),
      thread: Deno.UnsafePointer.create(info.getBigUint64(8, true)),
      pid: info.getUint32(16, true),
    };
  } finally {
    kernel32.DeleteProcThreadAttributeList(listPointer);
  }
}

async function waitForExit(process: Deno.PointerValue): Promise<PtyExit> {
  const kernel32 = conPtyKernel32();
  // NOTE: this wait and the ReadFile of the output pipe each keep one of
  // Deno's few FFI worker threads while the session is open, so many open
  // sessions can stall the runtime, as on Linux before `ffi/fd_poller.ts`.
  await kernel32.WaitForSingleObject(process, INFINITE);
  const code = new Uint32Array(1);
  if (kernel32.GetExitCodeProcess(process, code) === 0) return { code: null, signal: null };
  return { code: code[0], signal: null };
}

/** Duplex stream over the pseudo console's input and output pipes. */
class ConPtyStream extends Duplex {
  readonly #input: Deno.PointerValue;
  readonly #output: Deno.PointerValue;
  #reading = false;
  #closed = false;

  constructor(input: Deno.PointerValue, output: Deno.PointerValue) {
    super({ allowHalfOpen: true });
    this.#input = input;
    this.#output = output;
  }

  override _read(): void {
    if (this.#reading) return;
    this.#reading = true;
    this.#readLoop();
  }

  async #readLoop(): Promise<void> {
    const buffer = new Uint8Array(READ_BUFFER_SIZE);
    const count = new Uint32Array(1);
    while (!this.#closed) {
      // ReadFile fails with ERROR_BROKEN_PIPE once the pseudo console is closed.
      const ok = await conPtyKernel32().ReadFile(this.#output, buffer, buffer.length, count, null);
      if (ok === 0 || count[0] === 0) break;
      if (!this.push(buffer.slice(0, count[0]))) {
        this.#reading = false;
        return;
      }
    }
    if (!this.#closed) this.push(null);
  }

  override _write(
    chunk: Uint8Array,
    _encoding: string,
    callback: (error?: Error | null) => void,
  ): void {
    const written = new Uint32Array(1);
    conPtyKernel32().WriteFile(this.#input, chunk, chunk.length, written, null).then(
      () => callback(),
      callback,
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#closed = true;
    conPtyKernel32().CloseHandle(this.#input);
    conPtyKernel32().CloseHandle(this.#output);
    callback(error);
  }
}
