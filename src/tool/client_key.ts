/**
 * The host's SSH client key: an ECDSA P-256 key pair in OpenSSH format that
 * the guest trusts once its public half is pushed into the external KVP pool.
 */

import { dirname } from "../path/path.ts";
import ssh2 from "ssh2";
import { OperationError } from "../errors.ts";
import { getLogger } from "../log/logging.ts";
import { generateCheckedKeyPair } from "../ssh/generate_key.ts";

const log = getLogger("tool", "client-key");

/** Result of {@linkcode ensureClientKey}. */
export interface ClientKeyState {
  path: string;
  /** `ecdsa-sha2-nistp256 <base64> <comment>` line of the public key. */
  publicLine: string;
  created: boolean;
}

/**
 * Creates the key pair at `path` (private, mode 0600, in a folder of mode
 * 0700) and `<path>.pub` unless a private key is already there; an existing
 * key is never overwritten, only its public half restored when missing.
 */
export async function ensureClientKey(path: string, comment: string): Promise<ClientKeyState> {
  const existing = await readOptional(path);
  if (existing !== undefined) {
    const publicLine = publicLineOf(path, existing);
    if (await readOptional(`${path}.pub`) === undefined) {
      await Deno.writeTextFile(`${path}.pub`, `${publicLine}\n`, { mode: 0o644 });
    }
    return { path, publicLine, created: false };
  }

  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  if (Deno.build.os !== "windows") await Deno.chmod(dirname(path), 0o700);
  const pair = generateCheckedKeyPair("ecdsa", { bits: 256, comment });
  // createNew makes a concurrent initialize fail instead of replacing a key.
  await Deno.writeTextFile(path, pair.private, { mode: 0o600, createNew: true });
  const publicLine = pair.public.trim();
  await Deno.writeTextFile(`${path}.pub`, `${publicLine}\n`, { mode: 0o644 });
  log.info("Created client key {path}", { path });
  return { path, publicLine, created: true };
}

/** Reads the public line of the client key at `path`; throws when there is none yet. */
export async function readClientPublicKey(path: string): Promise<string> {
  const privateText = await readOptional(path);
  if (privateText === undefined) {
    throw new OperationError(
      `No client key at ${path}. Run "egs-tool initialize" first to create it.`,
    );
  }
  return publicLineOf(path, privateText);
}

function publicLineOf(path: string, privateText: string): string {
  const parsed = ssh2.utils.parseKey(privateText);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error || !key.isPrivateKey()) {
    throw new OperationError(
      `The client key ${path} is not a readable OpenSSH private key. ` +
        `Move it aside and run "egs-tool initialize" to create a new one.`,
    );
  }
  const comment = key.comment ? ` ${key.comment}` : "";
  return `${key.type} ${key.getPublicSSH().toString("base64")}${comment}`;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
