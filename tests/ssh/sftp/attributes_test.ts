import { assertEquals } from "../../_support/assert.ts";
import { attributesOf, longName, modeString } from "../../../src/ssh/sftp/attributes.ts";
import type { AccountNames } from "../../../src/ssh/sftp/account_names.ts";

const accounts: AccountNames = {
  user: (uid) => uid === 0 ? "root" : String(uid),
  group: (gid) => gid === 0 ? "root" : String(gid),
};

function fileInfo(overrides: Partial<Deno.FileInfo>): Deno.FileInfo {
  return {
    isFile: true,
    isDirectory: false,
    isSymlink: false,
    size: 0,
    mtime: null,
    atime: null,
    birthtime: null,
    ctime: null,
    dev: 0,
    ino: null,
    mode: null,
    nlink: null,
    uid: null,
    gid: null,
    rdev: null,
    blksize: null,
    blocks: null,
    isBlockDevice: null,
    isCharDevice: null,
    isFifo: null,
    isSocket: null,
    ...overrides,
  };
}

Deno.test("modeString() formats types and permission bits", () => {
  const cases: [number, string][] = [
    [0o100644, "-rw-r--r--"],
    [0o040755, "drwxr-xr-x"],
    [0o120777, "lrwxrwxrwx"],
    [0o104755, "-rwsr-xr-x"],
    [0o102644, "-rw-r-Sr--"],
    [0o041777, "drwxrwxrwt"],
    [0o041776, "drwxrwxrwT"],
    [0o020620, "crw--w----"],
    [0o010600, "prw-------"],
    [0o140755, "srwxr-xr-x"],
  ];
  for (const [mode, expected] of cases) assertEquals(modeString(mode), expected, mode.toString(8));
});

Deno.test("attributesOf() converts times to whole seconds", () => {
  const info = fileInfo({
    size: 42,
    mode: 0o100600,
    uid: 1000,
    gid: 100,
    atime: new Date(1_700_000_000_900),
    mtime: new Date(1_600_000_000_100),
  });

  assertEquals(attributesOf(info), {
    size: 42,
    uid: 1000,
    gid: 100,
    mode: 0o100600,
    atime: 1_700_000_000,
    mtime: 1_600_000_000,
  });
});

Deno.test("longName() shows the time for recent files", () => {
  const now = new Date(2026, 11, 4, 12, 0);
  const info = fileInfo({
    size: 1234,
    mode: 0o100644,
    nlink: 1,
    uid: 0,
    gid: 0,
    mtime: new Date(2026, 10, 3, 9, 5),
  });

  assertEquals(
    longName("notes.txt", info, accounts, now),
    "-rw-r--r--   1 root     root         1234 Nov  3 09:05 notes.txt",
  );
});

Deno.test("longName() shows the year for old files", () => {
  const now = new Date(2026, 11, 4, 12, 0);
  const info = fileInfo({
    size: 4096,
    mode: 0o040755,
    nlink: 12,
    uid: 1000,
    gid: 1000,
    mtime: new Date(2024, 0, 15, 9, 5),
  });

  assertEquals(
    longName("old", info, accounts, now),
    "drwxr-xr-x  12 1000     1000         4096 Jan 15  2024 old",
  );
});
