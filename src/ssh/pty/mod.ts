/** Processes on pseudo-terminals for SSH shell and exec sessions that request a PTY. */

export { startPtyProcess } from "./start_pty_process.ts";
export type { PtyExit, PtyProcess, PtyProcessOptions } from "./pty_process.ts";
export { applyTerminalModes, type TerminalModes } from "./terminal_modes.ts";
export { signalName, signalNumber } from "./signals.ts";
