import { updateHostsText } from "../../../src/platform/linux/hosts_file.ts";
import { assertEquals } from "../../_support/assert.ts";

const HEADER = "# Added by eryph guest services on Fri, 04 Dec 2026 00:00:00 GMT";

Deno.test("updateHostsText() adds the 127.0.1.1 entry and keeps other lines", () => {
  const before = "127.0.0.1  localhost\n# comment\n::1 localhost ip6-localhost\n";
  assertEquals(
    updateHostsText(before, "host00", "host00.example.com", HEADER),
    "127.0.0.1  localhost\n# comment\n::1 localhost ip6-localhost\n127.0.1.1\thost00.example.com\thost00\n",
  );
});

Deno.test("updateHostsText() writes a header into a new file", () => {
  assertEquals(
    updateHostsText(undefined, "host00", undefined, HEADER),
    `${HEADER}\n127.0.1.1\thost00\n`,
  );
});

Deno.test("updateHostsText() leaves a file that maps the names unchanged", () => {
  assertEquals(
    updateHostsText(
      "127.0.1.1 host00.example.com host00\n",
      "host00",
      "host00.example.com",
      HEADER,
    ),
    undefined,
  );
  assertEquals(
    updateHostsText("127.0.1.1 host00 # mine\n", "host00", undefined, HEADER),
    undefined,
  );
});

Deno.test("updateHostsText() moves old 127.0.1.1 entries to the end, before the new one", () => {
  const before = "127.0.1.1 debian\n127.0.0.1 localhost\n";
  assertEquals(
    updateHostsText(before, "host00", "host00.example.com", HEADER),
    "127.0.0.1 localhost\n127.0.1.1\tdebian\n127.0.1.1\thost00.example.com\thost00\n",
  );
});
