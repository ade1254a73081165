import { assertEquals } from "../../_support/assert.ts";
import {
  DEFAULT_SERVICE_CONTROL,
  parseServiceControl,
  readServiceControl,
} from "../../../src/service/daemon/service_control.ts";

Deno.test("parseServiceControl() returns the defaults for an empty file", () => {
  assertEquals(parseServiceControl(""), DEFAULT_SERVICE_CONTROL);
  assertEquals(DEFAULT_SERVICE_CONTROL.portForwardingEnabled, false);
  assertEquals(DEFAULT_SERVICE_CONTROL.remoteAccessEnabled, true);
});

Deno.test("parseServiceControl() reads keys case-insensitively and skips comments", () => {
  const ignored: number[] = [];
  const flags = parseServiceControl(
    [
      "# flags",
      "remoteaccessenabled=0",
      "  KVPAUTHENABLED = false ",
      "PortForwardingEnabled=1",
      "AutoUpdateEnabled=no",
      "Unknown=1",
      "not a flag",
    ].join("\r\n"),
    (line) => ignored.push(line),
  );
  assertEquals(flags, {
    provisioningEnabled: true,
    remoteAccessEnabled: false,
    kvpAuthEnabled: false,
    autoUpdateEnabled: true,
    portForwardingEnabled: true,
  });
  assertEquals(ignored, [6, 7]);
});

const FLAG_VALUES: [string, boolean, boolean][] = [
  ["0", false, false],
  ["false", false, false],
  ["FALSE", false, false],
  ["1", true, true],
  ["true", true, true],
  ['"0"', false, false],
  ["yes", true, false],
  ["", true, false],
];

for (const [value, defaultOn, defaultOff] of FLAG_VALUES) {
  Deno.test(`parseServiceControl() reads ${JSON.stringify(value)} by each default`, () => {
    const flags = parseServiceControl(
      `ProvisioningEnabled=${value}\nPortForwardingEnabled=${value}`,
    );
    assertEquals(flags.provisioningEnabled, defaultOn);
    assertEquals(flags.portForwardingEnabled, defaultOff);
  });
}

Deno.test("readServiceControl() returns the defaults when the file is missing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assertEquals(await readServiceControl(dir), DEFAULT_SERVICE_CONTROL);
    await Deno.writeTextFile(`${dir}/service-control.conf`, "PortForwardingEnabled=true\n");
    assertEquals((await readServiceControl(dir)).portForwardingEnabled, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
