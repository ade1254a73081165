import fc from "fast-check";
import { EgsError } from "../../src/errors.ts";
import type { Fetcher } from "../../src/userdata/fetcher.ts";
import { contentTypeFromFirstLine } from "../../src/userdata/markers.ts";
import { parseMimeMessage } from "../../src/userdata/mime/parse_mime.ts";
import { processUserData } from "../../src/userdata/process_user_data.ts";

const NUM_RUNS = 200;
const offlineFetcher: Fetcher = { fetch: () => Promise.reject(new Error("offline")) };

/** Byte strings that often look like user-data: markers, MIME headers and boundaries mixed with noise. */
const userDataLike = fc.array(
  fc.oneof(
    fc.constantFrom(
      "#cloud-config\n",
      "#!/bin/sh\n",
      "#include\n",
      "#cloud-config-archive\n",
      "## template: jinja\n",
      "MIME-Version: 1.0\n",
      'Content-Type: multipart/mixed; boundary="b"\n\n',
      "--b\n",
      "--b--\n",
      "Content-Type: text/x-shellscript\n",
      "Content-Transfer-Encoding: base64\n",
      "Content-Transfer-Encoding: quoted-printable\n",
      "- a: [1\n",
      "\r\n",
      "\n",
    ).map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 40 }),
  ),
  { maxLength: 12 },
).map((chunks) => Uint8Array.from(chunks.flatMap((chunk) => [...chunk])));

function expectOwnErrorOnly(error: unknown): void {
  if (!(error instanceof EgsError)) throw error;
}

Deno.test("parseMimeMessage() never throws on arbitrary bytes", () => {
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), userDataLike), (bytes) => {
      parseMimeMessage(bytes, { name: "fuzz", depth: 0, maxDepth: 10, warnings: [] });
    }),
    { numRuns: NUM_RUNS },
  );
});

Deno.test("contentTypeFromFirstLine() never throws on arbitrary text", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      contentTypeFromFirstLine(text);
    }),
    { numRuns: NUM_RUNS },
  );
});

Deno.test("processUserData() returns a result or an EgsError for arbitrary bytes", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 400 }), userDataLike),
      fc.boolean(),
      async (bytes, base64) => {
        try {
          await processUserData({
            userData: bytes,
            base64,
            fetcher: offlineFetcher,
            sleep: () => Promise.resolve(),
          });
        } catch (error) {
          expectOwnErrorOnly(error);
        }
      },
    ),
    { numRuns: NUM_RUNS },
  );
});
