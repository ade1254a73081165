import { assertEquals, assertThrows } from "../../_support/assert.ts";
import {
  applyTerminalModes,
  terminalCharacter,
  terminalFlag,
} from "../../../src/ssh/pty/terminal_modes.ts";

const TERMIOS_SIZE = 60;

function termios(): Uint8Array {
  return new Uint8Array(TERMIOS_SIZE);
}

Deno.test("applyTerminalModes() sets and clears local flags", () => {
  const bytes = termios();

  applyTerminalModes(bytes, { ECHO: 1, ICANON: 1, ISIG: 1 });
  applyTerminalModes(bytes, { ECHO: 0 });

  assertEquals(terminalFlag(bytes, "ECHO"), false);
  assertEquals(terminalFlag(bytes, "ICANON"), true);
  assertEquals(terminalFlag(bytes, "ISIG"), true);
});

Deno.test("applyTerminalModes() writes flags into their own fields", () => {
  const bytes = termios();

  applyTerminalModes(bytes, { ICRNL: 1, ONLCR: 1, PARENB: 1, IEXTEN: 1 });

  const view = new DataView(bytes.buffer);
  assertEquals(view.getUint32(0, true), 0x100, "c_iflag holds ICRNL");
  assertEquals(view.getUint32(4, true), 0x4, "c_oflag holds ONLCR");
  assertEquals(view.getUint32(8, true), 0x100, "c_cflag holds PARENB");
  assertEquals(view.getUint32(12, true), 0x8000, "c_lflag holds IEXTEN");
});

Deno.test("applyTerminalModes() sets special characters", () => {
  const bytes = termios();

  applyTerminalModes(bytes, { VINTR: 3, VERASE: 127, VEOF: 4 });

  assertEquals(terminalCharacter(bytes, "VINTR"), 3);
  assertEquals(terminalCharacter(bytes, "VERASE"), 127);
  assertEquals(bytes[17 + 4], 4, "VEOF is c_cc[4]");
});

Deno.test("applyTerminalModes() maps 255 to a disabled character", () => {
  const bytes = termios();

  applyTerminalModes(bytes, { VQUIT: 255 });

  assertEquals(bytes[17 + 1], 0);
  assertEquals(terminalCharacter(bytes, "VQUIT"), 255);
});

Deno.test("applyTerminalModes() sets the character size field", () => {
  const bytes = termios();

  applyTerminalModes(bytes, { CS8: 1 });
  applyTerminalModes(bytes, { CS7: 1 });

  assertEquals(new DataView(bytes.buffer).getUint32(8, true) & 0x30, 0x20);
});

Deno.test("applyTerminalModes() ignores modes Linux lacks", () => {
  const bytes = termios();

  applyTerminalModes(bytes, { VDSUSP: 25, VSTATUS: 20, TTY_OP_ISPEED: 38400, VFLUSH: 15 });

  assertEquals(bytes, termios());
});

Deno.test("terminalFlag() rejects an unknown flag name", () => {
  assertThrows(() => terminalFlag(termios(), "NOPE"), RangeError, 'Unknown terminal flag "NOPE"');
});
