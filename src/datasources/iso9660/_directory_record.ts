/**
 * Decoding of ISO 9660 directory records (ECMA-119 section 9.1) and of the
 * Rock Ridge alternate name (`NM`) kept in their System Use area.
 */

/** One decoded directory record. */
export interface DirectoryRecord {
  /** The name as recorded: d-characters, UCS-2 for Joliet, without the `;1` version. */
  name: string;
  /** The Rock Ridge name, when the record carries `NM` entries. */
  rockRidgeName?: string;
  extent: number;
  size: number;
  isDirectory: boolean;
  /** Set when the file continues in the next record (ECMA-119 multi-extent flag). */
  hasMoreExtents: boolean;
  /** Flags byte 0 of the name: the `.` (0x00) and `..` (0x01) entries. */
  isSelfOrParent: boolean;
  /** A Rock Ridge continuation area (`CE`) still to be read for the name. */
  continuation?: { block: number; offset: number; length: number };
}

const FLAG_DIRECTORY = 0x02;
const FLAG_MULTI_EXTENT = 0x80;
const NM_CONTINUE = 0x01;

/** Decodes the record at the start of `bytes`; `joliet` selects UCS-2 names. */
export function decodeDirectoryRecord(
  bytes: Uint8Array,
  joliet: boolean,
  susSkip: number,
): DirectoryRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes[0];
  const nameLength = bytes[32];
  const rawName = bytes.subarray(33, 33 + nameLength);
  const isSelfOrParent = nameLength === 1 && (rawName[0] === 0 || rawName[0] === 1);
  const record: DirectoryRecord = {
    name: isSelfOrParent ? "" : decodeName(rawName, joliet),
    extent: view.getUint32(2, true),
    size: view.getUint32(10, true),
    isDirectory: (bytes[25] & FLAG_DIRECTORY) !== 0,
    hasMoreExtents: (bytes[25] & FLAG_MULTI_EXTENT) !== 0,
    isSelfOrParent,
  };

  // The System Use area starts after the name and its padding byte, which is
  // present when the name length is even.
  const systemUseStart = 33 + nameLength + (nameLength % 2 === 0 ? 1 : 0) + susSkip;
  if (!joliet && systemUseStart < length) {
    applySystemUse(record, bytes.subarray(systemUseStart, length));
  }
  return record;
}

/**
 * Reads SUSP entries (IEEE P1281): collects `NM` name parts and remembers a
 * `CE` continuation area. Returns true when an `NM` entry asked to continue.
 */
export function applySystemUse(record: DirectoryRecord, area: Uint8Array): boolean {
  let offset = 0;
  let continues = false;
  while (offset + 4 <= area.length) {
    const signature = String.fromCharCode(area[offset], area[offset + 1]);
    const entryLength = area[offset + 2];
    if (entryLength < 4 || offset + entryLength > area.length) break;
    const entry = area.subarray(offset, offset + entryLength);
    if (signature === "NM") {
      const flags = entry[4];
      // Flags 0x02 (current directory) and 0x04 (parent) carry no text.
      if ((flags & 0x06) === 0) {
        record.rockRidgeName = (record.rockRidgeName ?? "") +
          new TextDecoder().decode(entry.subarray(5));
      }
      continues = (flags & NM_CONTINUE) !== 0;
    } else if (signature === "CE") {
      const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
      record.continuation = {
        block: view.getUint32(4, true),
        offset: view.getUint32(12, true),
        length: view.getUint32(20, true),
      };
    } else if (signature === "ST") {
      break;
    }
    offset += entryLength;
  }
  return continues;
}

function decodeName(raw: Uint8Array, joliet: boolean): string {
  let name: string;
  if (joliet) {
    // Joliet names are UCS-2, big-endian.
    const units: number[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) units.push((raw[i] << 8) | raw[i + 1]);
    name = String.fromCharCode(...units);
  } else {
    name = new TextDecoder("latin1").decode(raw);
  }
  const semicolon = name.lastIndexOf(";");
  if (semicolon >= 0) name = name.slice(0, semicolon);
  // A file without an extension is recorded as "NAME." in ISO 9660.
  if (name.endsWith(".")) name = name.slice(0, -1);
  return name;
}

/** Reads the `SP` entry of the root's `.` record: the bytes to skip in every System Use area. */
export function readSuspSkip(record: Uint8Array): number | undefined {
  const nameLength = record[32];
  const start = 33 + nameLength + (nameLength % 2 === 0 ? 1 : 0);
  const area = record.subarray(start, record[0]);
  if (
    area.length >= 7 && area[0] === 0x53 && area[1] === 0x50 && area[4] === 0xbe &&
    area[5] === 0xef
  ) {
    return area[6];
  }
  return undefined;
}
