import { assertEquals } from "../../_support/assert.ts";
import {
  windowsCommandLine,
  windowsEnvironmentBlock,
} from "../../../src/ssh/pty/windows_command_line.ts";

Deno.test("windowsCommandLine() quotes only where needed", () => {
  const cases: [string[], string][] = [
    [["cmd.exe"], "cmd.exe"],
    [["powershell.exe", "-NoLogo"], "powershell.exe -NoLogo"],
    [["C:\\Program Files\\app.exe", "a b"], '"C:\\Program Files\\app.exe" "a b"'],
    [["echo", ""], 'echo ""'],
    [["echo", 'say "hi"'], 'echo "say \\"hi\\""'],
    [["echo", "C:\\dir\\"], "echo C:\\dir\\"],
    [["echo", "C:\\my dir\\"], 'echo "C:\\my dir\\\\"'],
    [["echo", 'a\\"b'], 'echo "a\\\\\\"b"'],
  ];
  for (const [argv, expected] of cases) {
    assertEquals(windowsCommandLine(argv), expected, JSON.stringify(argv));
  }
});

Deno.test("windowsEnvironmentBlock() sorts names without regard to case", () => {
  const block = windowsEnvironmentBlock({ path: "C:\\bin", ALPHA: "1", Beta: "2" });
  const text = String.fromCharCode(...block);

  assertEquals(text, "ALPHA=1\0Beta=2\0path=C:\\bin\0\0");
});
