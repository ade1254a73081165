import { assertEquals } from "../../_support/assert.ts";
import {
  isSafeEntryName,
  joinSftpPath,
  toLocalPath,
  toSftpPath,
} from "../../../src/tool/transfer/path_forms.ts";

const SFTP_CASES: Array<[string, string]> = [
  ["/x/y", "/x/y"],
  ["/x/y/", "/x/y/"],
  ["/x//y/./z", "/x/y/z"],
  ["/", "/"],
  ["x/y", "x/y"],
  ["", "."],
  ["C:\\x\\y", "/C:/x/y"],
  ["c:\\x\\y\\", "/C:/x/y/"],
  ["C:/x/y", "/C:/x/y"],
  ["D:", "/D:/"],
  ["C:\\", "/C:/"],
  ["dir\\file.txt", "dir/file.txt"],
];

Deno.test("toSftpPath() converts Windows and POSIX forms", () => {
  for (const [input, expected] of SFTP_CASES) {
    assertEquals(toSftpPath(input), expected, `toSftpPath(${JSON.stringify(input)})`);
  }
});

const LOCAL_CASES: Array<[string, string, string]> = [
  ["linux", "/x/y", "/x/y"],
  ["linux", "C:\\x\\y", "C:\\x\\y"],
  ["linux", "a\\b", "a\\b"],
  ["windows", "C:\\x\\y", "C:\\x\\y"],
  ["windows", "C:/x/y", "C:\\x\\y"],
  ["windows", "/x/y", "\\x\\y"],
  ["windows", "rel/dir", "rel\\dir"],
];

Deno.test("toLocalPath() uses the separators of the OS", () => {
  for (const [os, input, expected] of LOCAL_CASES) {
    assertEquals(toLocalPath(input, os), expected, `toLocalPath(${JSON.stringify(input)}, ${os})`);
  }
});

Deno.test("joinSftpPath() joins with slashes", () => {
  assertEquals(joinSftpPath("/C:/data", "sub/file"), "/C:/data/sub/file");
  assertEquals(joinSftpPath("/tmp", ""), "/tmp");
  assertEquals(joinSftpPath(".", "a"), "a");
});

Deno.test("isSafeEntryName() rejects names that leave the directory", () => {
  const cases: Array<[string, boolean]> = [
    ["file.txt", true],
    [".hidden", true],
    ["name with spaces", true],
    ["", false],
    [".", false],
    ["..", false],
    ["a/b", false],
    ["a\\b", false],
    ["C:evil", false],
    ["nul\0byte", false],
  ];
  for (const [name, expected] of cases) {
    assertEquals(isSafeEntryName(name), expected, `isSafeEntryName(${JSON.stringify(name)})`);
  }
});
