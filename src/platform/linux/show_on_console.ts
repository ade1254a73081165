/** Output to the system console, the only place a generated password may appear. */

import { getLogger } from "../../log/logging.ts";

/**
 * Writes `text` to the console device at `path`. A console that cannot be
 * opened is logged as a warning naming `user`, never the text, because the
 * text contains a password and must not reach the log instead.
 */
export async function showOnConsole(path: string, text: string, user: string): Promise<void> {
  try {
    const device = await Deno.open(path, { write: true });
    try {
      const bytes = new TextEncoder().encode(text);
      let written = 0;
      while (written < bytes.length) written += await device.write(bytes.subarray(written));
    } finally {
      device.close();
    }
  } catch (error) {
    getLogger("platform", "users").warning(
      "Cannot show the random password of {user} on {path}: {error}",
      { user, path, error: error instanceof Error ? error.message : String(error) },
    );
  }
}
