/**
 * A read-only ISO 9660 reader for seed media (NoCloud `cidata`, ConfigDrive
 * `config-2`, Azure provisioning media), so a seed is read straight from the
 * device or image without mounting it. It reads the primary volume
 * descriptor, a Joliet supplementary descriptor (UCS-2 names) and Rock Ridge
 * `NM` names, and looks names up case-insensitively. This port of a format is
 * longer than most files because the lookup, the trees and the extents belong
 * together.
 */

import type { BlockSource } from "./block_source.ts";
import {
  applySystemUse,
  decodeDirectoryRecord,
  type DirectoryRecord,
  readSuspSkip,
} from "./_directory_record.ts";

const SECTOR = 2048;
const FIRST_DESCRIPTOR_SECTOR = 16;
const MAX_DESCRIPTORS = 64;
const JOLIET_ESCAPES = ["%/@", "%/C", "%/E"];
/** Largest directory or file the reader accepts; seed files are far smaller. */
const MAX_EXTENT_BYTES = 64 * 1024 * 1024;

/** One entry of a directory listing. */
export interface IsoEntry {
  name: string;
  isDirectory: boolean;
  size: number;
}

interface Tree {
  kind: "rock-ridge" | "joliet" | "primary";
  root: DirectoryRecord;
  joliet: boolean;
  susSkip: number;
}

interface FileExtents {
  record: DirectoryRecord;
  extents: { extent: number; size: number }[];
}

/** Thrown when bytes do not form an ISO 9660 volume the reader can use. */
export class IsoFormatError extends Error {}

/** Returns true when the source carries the ISO 9660 signature `CD001` at sector 16. */
export async function isIso9660(source: BlockSource): Promise<boolean> {
  const header = await source.read(FIRST_DESCRIPTOR_SECTOR * SECTOR + 1, 5);
  return new TextDecoder().decode(header) === "CD001";
}

/** An opened ISO 9660 volume. */
export class IsoImage {
  /** The volume identifier of the primary descriptor, trailing spaces removed. */
  readonly volumeId: string;
  /** Name trees of the volume, in the order lookups try them. */
  readonly treeKinds: string[];

  private constructor(
    private readonly source: BlockSource,
    private readonly blockSize: number,
    volumeId: string,
    private readonly trees: Tree[],
  ) {
    this.volumeId = volumeId;
    this.treeKinds = trees.map((tree) => tree.kind);
  }

  /** Reads the volume descriptors; throws {@linkcode IsoFormatError} for other data. */
  static async open(source: BlockSource): Promise<IsoImage> {
    let primary: Uint8Array | undefined;
    let joliet: Uint8Array | undefined;
    for (let index = 0; index < MAX_DESCRIPTORS; index++) {
      const descriptor = await source.read((FIRST_DESCRIPTOR_SECTOR + index) * SECTOR, SECTOR);
      if (descriptor.length < SECTOR || text(descriptor, 1, 5) !== "CD001") {
        throw new IsoFormatError("the ISO 9660 signature CD001 is missing");
      }
      const type = descriptor[0];
      if (type === 255) break;
      if (type === 1 && primary === undefined) primary = descriptor;
      if (type === 2 && JOLIET_ESCAPES.includes(text(descriptor, 88, 3))) joliet = descriptor;
    }
    if (primary === undefined) throw new IsoFormatError("no primary volume descriptor");

    const blockSize = new DataView(primary.buffer, primary.byteOffset).getUint16(128, true);
    const trees: Tree[] = [];
    const primaryRootBytes = primary.subarray(156, 190);
    const primaryRoot = decodeDirectoryRecord(primaryRootBytes, false, 0);
    const susSkip = await findSuspSkip(source, blockSize, primaryRoot);
    if (susSkip !== undefined) {
      trees.push({ kind: "rock-ridge", root: primaryRoot, joliet: false, susSkip });
    }
    if (joliet !== undefined) {
      const root = decodeDirectoryRecord(joliet.subarray(156, 190), true, 0);
      trees.push({ kind: "joliet", root, joliet: true, susSkip: 0 });
    }
    trees.push({ kind: "primary", root: primaryRoot, joliet: false, susSkip: 0 });
    return new IsoImage(source, blockSize, text(primary, 40, 32).trimEnd(), trees);
  }

  /**
   * Reads the file at `path` (components separated by `/`), matching names
   * case-insensitively in each tree in turn; undefined when no tree has it.
   */
  async readFile(path: string): Promise<Uint8Array | undefined> {
    for (const tree of this.trees) {
      const file = await this.lookup(tree, path);
      if (file === undefined || file.record.isDirectory) continue;
      return await this.readExtents(file.extents);
    }
    return undefined;
  }

  /** Lists the directory at `path` ("" is the root) from the first tree that has it. */
  async list(path: string): Promise<IsoEntry[] | undefined> {
    for (const tree of this.trees) {
      const directory = path === "" ? tree.root : (await this.lookup(tree, path))?.record;
      if (directory === undefined || !directory.isDirectory) continue;
      const files = await this.readDirectory(tree, directory);
      return files.map(({ record }) => ({
        name: displayName(tree, record),
        isDirectory: record.isDirectory,
        size: record.size,
      }));
    }
    return undefined;
  }

  private async lookup(tree: Tree, path: string): Promise<FileExtents | undefined> {
    const parts = path.split("/").filter((part) => part !== "");
    let current: FileExtents = {
      record: tree.root,
      extents: [{ extent: tree.root.extent, size: tree.root.size }],
    };
    for (const part of parts) {
      if (!current.record.isDirectory) return undefined;
      const entries = await this.readDirectory(tree, current.record);
      const found = findEntry(tree, entries, part);
      if (found === undefined) return undefined;
      current = found;
    }
    return current;
  }

  private async readDirectory(tree: Tree, directory: DirectoryRecord): Promise<FileExtents[]> {
    const size = Math.min(directory.size, MAX_EXTENT_BYTES);
    const bytes = await this.source.read(directory.extent * this.blockSize, size);
    const files: FileExtents[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      const length = bytes[offset];
      if (length === 0) {
        // Records never cross a sector boundary; zero padding fills the rest.
        offset = (Math.floor(offset / SECTOR) + 1) * SECTOR;
        continue;
      }
      const record = decodeDirectoryRecord(
        bytes.subarray(offset, offset + length),
        tree.joliet,
        tree.susSkip,
      );
      offset += length;
      if (record.isSelfOrParent) continue;
      if (tree.kind === "rock-ridge") await this.followContinuations(record);

      const previous = files.at(-1);
      if (previous?.record.hasMoreExtents && previous.record.name === record.name) {
        previous.extents.push({ extent: record.extent, size: record.size });
        previous.record.hasMoreExtents = record.hasMoreExtents;
        continue;
      }
      files.push({ record, extents: [{ extent: record.extent, size: record.size }] });
    }
    return files;
  }

  private async followContinuations(record: DirectoryRecord): Promise<void> {
    // A bound on the chain keeps a corrupt image from looping.
    for (let hop = 0; hop < 16 && record.continuation !== undefined; hop++) {
      const { block, offset, length } = record.continuation;
      record.continuation = undefined;
      const area = await this.source.read(block * this.blockSize + offset, length);
      applySystemUse(record, area);
    }
  }

  private async readExtents(extents: FileExtents["extents"]): Promise<Uint8Array> {
    const total = extents.reduce((sum, part) => sum + part.size, 0);
    if (total > MAX_EXTENT_BYTES) {
      throw new IsoFormatError(
        `a file of ${total} bytes exceeds the ${MAX_EXTENT_BYTES}-byte limit`,
      );
    }
    const output = new Uint8Array(total);
    let filled = 0;
    for (const part of extents) {
      const bytes = await this.source.read(part.extent * this.blockSize, part.size);
      output.set(bytes, filled);
      filled += bytes.length;
    }
    return output.subarray(0, filled);
  }
}

function displayName(tree: Tree, record: DirectoryRecord): string {
  return tree.kind === "rock-ridge" ? record.rockRidgeName ?? record.name : record.name;
}

function findEntry(tree: Tree, entries: FileExtents[], name: string): FileExtents | undefined {
  const target = name.toLowerCase();
  const exact = entries.find(({ record }) => displayName(tree, record).toLowerCase() === target);
  if (exact !== undefined || tree.kind !== "primary") return exact;
  // Without Rock Ridge or Joliet, mastering tools store level-1 names such as
  // USER_DAT for user-data, so that form is accepted too.
  const mangled = toLevel1Name(name);
  return entries.find(({ record }) => record.name.toUpperCase() === mangled);
}

/** Converts a name to the 8.3 d-character form that genisoimage writes at ISO level 1. */
export function toLevel1Name(name: string): string {
  const clean = (part: string) => part.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return clean(name).slice(0, 8);
  return `${clean(name.slice(0, dot)).slice(0, 8)}.${clean(name.slice(dot + 1)).slice(0, 3)}`;
}

async function findSuspSkip(
  source: BlockSource,
  blockSize: number,
  root: DirectoryRecord,
): Promise<number | undefined> {
  const first = await source.read(root.extent * blockSize, Math.min(root.size, SECTOR));
  if (first.length === 0 || first[0] === 0) return undefined;
  return readSuspSkip(first.subarray(0, first[0]));
}

function text(bytes: Uint8Array, offset: number, length: number): string {
  return new TextDecoder("latin1").decode(bytes.subarray(offset, offset + length));
}
