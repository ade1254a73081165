/** `egs-tool get-ssh-key`: prints the public half of the client key. */

import { readClientPublicKey } from "../client_key.ts";
import { resolveToolPaths } from "../tool_paths.ts";

/** Prints the client public key line; the private key is never printed. */
export async function runGetSshKey(): Promise<void> {
  console.log(await readClientPublicKey(resolveToolPaths().clientKey));
}
