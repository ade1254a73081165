/**
 * The server's host keys: ECDSA P-256 at `<config>/private/egs_host_key` and
 * Ed25519 at `<config>/private/egs_host_key_ed25519`, OpenSSH format, readable
 * by the owner only. Missing keys are generated. A key that cannot be read or
 * parsed is renamed aside and replaced, because a server without a host key
 * cannot be reached at all. A key that loads is never replaced.
 */

import { createHash } from "node:crypto";
import { join } from "../path/path.ts";
import ssh2 from "ssh2";
import { getLogger } from "../log/logging.ts";
import { generateCheckedKeyPair } from "./generate_key.ts";

/** One loaded host key. */
export interface HostKey {
  /** SSH key type, `ecdsa-sha2-nistp256` or `ssh-ed25519`. */
  type: string;
  path: string;
  /** OpenSSH private key text, handed to the ssh2 server only. */
  privateKey: string;
  /** `<type> <base64>` line, the authorized_keys and known_hosts form of the public key. */
  publicLine: string;
  /** `SHA256:<base64>` fingerprint as ssh-keygen prints it. */
  fingerprint: string;
}

interface HostKeySpec {
  fileName: string;
  type: string;
  generate: () => string;
}

const HOST_KEY_SPECS: readonly HostKeySpec[] = [
  {
    fileName: "egs_host_key",
    type: "ecdsa-sha2-nistp256",
    generate: () => generateCheckedKeyPair("ecdsa", { bits: 256 }).private,
  },
  {
    fileName: "egs_host_key_ed25519",
    type: "ssh-ed25519",
    generate: () => generateCheckedKeyPair("ed25519").private,
  },
];

const logger = getLogger("ssh", "host-keys");

/** Loads both host keys from `<configDir>/private`, creating or replacing them as needed. */
export async function ensureHostKeys(configDir: string, now = new Date()): Promise<HostKey[]> {
  const privateDir = join(configDir, "private");
  await ensureOwnerOnlyDirectory(privateDir);
  const keys: HostKey[] = [];
  for (const spec of HOST_KEY_SPECS) {
    keys.push(await ensureHostKey(join(privateDir, spec.fileName), spec, now));
  }
  return keys;
}

async function ensureHostKey(path: string, spec: HostKeySpec, now: Date): Promise<HostKey> {
  let text: string | undefined;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      await moveAside(path, `it cannot be read: ${error}`, now);
    }
  }

  if (text !== undefined) {
    try {
      const key = loadHostKey(path, text, spec.type);
      await ensureMode(path, 0o600);
      return key;
    } catch (error) {
      await moveAside(path, (error as Error).message, now);
    }
  }

  const generated = spec.generate();
  await writeOwnerOnly(path, generated);
  const key = loadHostKey(path, generated, spec.type);
  await writeOwnerOnly(`${path}.pub`, `${key.publicLine}\n`);
  logger.info("Generated host key {path} ({type}, {fingerprint})", {
    path,
    type: key.type,
    fingerprint: key.fingerprint,
  });
  return key;
}

/** Parses OpenSSH private key text; throws when it is not a key of `expectedType`. */
export function loadHostKey(path: string, text: string, expectedType: string): HostKey {
  const parsed = ssh2.utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) {
    throw new Error(`it is not a valid private key (${key?.message ?? "empty file"})`);
  }
  if (key.type !== expectedType || !key.isPrivateKey()) {
    throw new Error(`it contains a ${key.type} key, expected a ${expectedType} private key`);
  }
  const blob = key.getPublicSSH();
  return {
    type: key.type,
    path,
    privateKey: text,
    publicLine: `${key.type} ${blob.toString("base64")}`,
    fingerprint: sha256Fingerprint(blob),
  };
}

/** Formats the SHA256 fingerprint of a public key blob the way ssh-keygen -l does. */
export function sha256Fingerprint(blob: Uint8Array): string {
  const digest = createHash("sha256").update(blob).digest("base64").replace(/=+$/, "");
  return `SHA256:${digest}`;
}

async function moveAside(path: string, reason: string, now: Date): Promise<void> {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const target = `${path}.invalid-${stamp}`;
  await Deno.rename(path, target);
  logger.error(
    "Host key {path} is unusable because {reason}; moved it to {target} and generating a new one",
    {
      path,
      reason,
      target,
    },
  );
}

async function ensureOwnerOnlyDirectory(path: string): Promise<void> {
  await Deno.mkdir(path, { recursive: true, mode: 0o700 });
  await ensureMode(path, 0o700);
}

/** Tightens `path` to `mode` when group or others have any access. */
async function ensureMode(path: string, mode: number): Promise<void> {
  if (Deno.build.os === "windows") return;
  const info = await Deno.stat(path);
  if (info.mode === null || (info.mode & 0o077) === 0) return;
  await Deno.chmod(path, mode);
  logger.warn("Changed the mode of {path} from {old} to {new}: host keys must be owner-only", {
    path,
    old: (info.mode & 0o777).toString(8),
    new: mode.toString(8),
  });
}

async function writeOwnerOnly(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${crypto.randomUUID()}`;
  await Deno.writeTextFile(temporary, text, { mode: 0o600 });
  await Deno.rename(temporary, path);
}
