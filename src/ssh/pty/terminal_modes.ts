/**
 * Applies SSH terminal modes (RFC 4254 section 8, as ssh2 decodes them into
 * `{ VINTR: 3, ECHO: 1, ... }`) to a Linux `struct termios`. The flag bits and
 * `c_cc` indexes are Linux's (asm-generic/termbits.h), shared by x86_64 and
 * aarch64. Modes without a Linux counterpart are ignored, as OpenSSH's sshd
 * ignores them.
 */

/** Terminal modes keyed by their RFC 4254 names; the value is a character or 0/1 for a flag. */
export type TerminalModes = Readonly<Record<string, number | undefined>>;

// Offsets of the fields of glibc's struct termios on Linux.
const IFLAG = 0;
const OFLAG = 4;
const CFLAG = 8;
const LFLAG = 12;
const CC = 17;

/** Special characters: the SSH mode name and its index in `c_cc`. */
const CONTROL_CHARACTERS: Readonly<Record<string, number>> = {
  VINTR: 0,
  VQUIT: 1,
  VERASE: 2,
  VKILL: 3,
  VEOF: 4,
  VSTART: 8,
  VSTOP: 9,
  VSUSP: 10,
  VEOL: 11,
  VREPRINT: 12,
  VDISCARD: 13,
  VWERASE: 14,
  VLNEXT: 15,
  VEOL2: 16,
};

/** Flag modes: the SSH mode name, the termios field offset and the bit. */
const FLAGS: Readonly<Record<string, readonly [number, number]>> = {
  IGNPAR: [IFLAG, 0x4],
  PARMRK: [IFLAG, 0x8],
  INPCK: [IFLAG, 0x10],
  ISTRIP: [IFLAG, 0x20],
  INLCR: [IFLAG, 0x40],
  IGNCR: [IFLAG, 0x80],
  ICRNL: [IFLAG, 0x100],
  IUCLC: [IFLAG, 0x200],
  IXON: [IFLAG, 0x400],
  IXANY: [IFLAG, 0x800],
  IXOFF: [IFLAG, 0x1000],
  IMAXBEL: [IFLAG, 0x2000],
  IUTF8: [IFLAG, 0x4000],
  OPOST: [OFLAG, 0x1],
  OLCUC: [OFLAG, 0x2],
  ONLCR: [OFLAG, 0x4],
  OCRNL: [OFLAG, 0x8],
  ONOCR: [OFLAG, 0x10],
  ONLRET: [OFLAG, 0x20],
  CS7: [CFLAG, 0x20],
  CS8: [CFLAG, 0x30],
  PARENB: [CFLAG, 0x100],
  PARODD: [CFLAG, 0x200],
  ISIG: [LFLAG, 0x1],
  ICANON: [LFLAG, 0x2],
  XCASE: [LFLAG, 0x4],
  ECHO: [LFLAG, 0x8],
  ECHOE: [LFLAG, 0x10],
  ECHOK: [LFLAG, 0x20],
  ECHONL: [LFLAG, 0x40],
  NOFLSH: [LFLAG, 0x80],
  TOSTOP: [LFLAG, 0x100],
  ECHOCTL: [LFLAG, 0x200],
  ECHOKE: [LFLAG, 0x800],
  PENDIN: [LFLAG, 0x4000],
  IEXTEN: [LFLAG, 0x8000],
};

/** SSH sends 255 for "no character"; Linux disables a `c_cc` slot with 0. */
const SSH_NO_CHARACTER = 255;

/**
 * Writes `modes` into the termios bytes in place. A flag value of 0 clears the
 * bit and any other value sets it; CS7 and CS8 set the character size.
 */
export function applyTerminalModes(termios: Uint8Array, modes: TerminalModes): void {
  const view = new DataView(termios.buffer, termios.byteOffset, termios.byteLength);

  for (const [name, value] of Object.entries(modes)) {
    if (value === undefined) continue;

    const index = CONTROL_CHARACTERS[name];
    if (index !== undefined) {
      termios[CC + index] = value === SSH_NO_CHARACTER ? 0 : value & 0xff;
      continue;
    }

    const flag = FLAGS[name];
    if (flag === undefined) continue;
    const [offset, bit] = flag;
    const current = view.getUint32(offset, true);
    if (name === "CS7" || name === "CS8") {
      // CS7 and CS8 are values of the two-bit CSIZE field, not independent bits.
      if (value !== 0) view.setUint32(offset, (current & ~0x30) | bit, true);
      continue;
    }
    view.setUint32(offset, value === 0 ? current & ~bit : current | bit, true);
  }
}

/** Reads one flag from termios bytes; used by tests and diagnostics. */
export function terminalFlag(termios: Uint8Array, name: string): boolean {
  const flag = FLAGS[name];
  if (flag === undefined) throw new RangeError(`Unknown terminal flag "${name}".`);
  const view = new DataView(termios.buffer, termios.byteOffset, termios.byteLength);
  return (view.getUint32(flag[0], true) & flag[1]) === flag[1];
}

/** Reads one special character from termios bytes; 255 means disabled, as in SSH. */
export function terminalCharacter(termios: Uint8Array, name: string): number {
  const index = CONTROL_CHARACTERS[name];
  if (index === undefined) throw new RangeError(`Unknown terminal character "${name}".`);
  const value = termios[CC + index];
  return value === 0 ? SSH_NO_CHARACTER : value;
}
