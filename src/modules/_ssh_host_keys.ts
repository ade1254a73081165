/** Host keys for `ssh`: written from `ssh_keys`, or generated with `ssh-keygen`. */

import type { ModuleContext } from "../provisioning/module.ts";

const encoder = new TextEncoder();

/** Key types cloud-init generates when `ssh_genkeytypes` is absent. */
export const DEFAULT_GENKEYTYPES = ["rsa", "ecdsa", "ed25519"];

/** Returns the host key path of `type`, such as `/etc/ssh/ssh_host_ed25519_key`. */
export function hostKeyPath(type: string): string {
  return `/etc/ssh/ssh_host_${type}_key`;
}

/**
 * Writes the host keys of `ssh_keys`: private keys mode 0600, public keys and
 * certificates mode 0644, all owned by root. Logs paths only, never key text.
 */
export async function writeHostKeys(context: ModuleContext): Promise<number> {
  let written = 0;
  for (const [name, value] of Object.entries(context.config.sshKeys)) {
    const match = name.match(/^([a-z0-9]+)_(private|public|certificate)$/);
    if (match === null || typeof value !== "string") continue;

    const [, type, part] = match;
    const path = part === "private"
      ? hostKeyPath(type)
      : part === "public"
      ? `${hostKeyPath(type)}.pub`
      : `${hostKeyPath(type)}-cert.pub`;
    const mode = part === "private" ? 0o600 : 0o644;
    const text = value.endsWith("\n") ? value : `${value}\n`;
    await context.platform.files.write(path, encoder.encode(text), { mode, owner: "root:root" });
    context.log.info("Wrote host key {path} from ssh_keys.{name}.", { path, name });
    written++;
  }
  return written;
}

/** Exit code of a shell or chroot that cannot find the command (POSIX). */
const COMMAND_NOT_FOUND = 127;

/** The result of {@linkcode generateHostKeys}. */
export interface GeneratedHostKeys {
  /** Number of keys generated. */
  count: number;
  /** Set when the target has no `ssh-keygen`, so no type was tried after the failing one. */
  missingTool?: string;
}

/**
 * Generates each missing host key of `types` with the target's `ssh-keygen`.
 * A failure is logged with stderr and the next type is still tried, as
 * cloud-init does, unless `ssh-keygen` itself is missing.
 */
export async function generateHostKeys(
  context: ModuleContext,
  types: readonly string[],
): Promise<GeneratedHostKeys> {
  let generated = 0;
  for (const type of types) {
    const path = hostKeyPath(type);
    if (await context.platform.files.exists(path)) continue;

    const argv = ["ssh-keygen", "-t", type, "-N", "", "-f", path];
    // Every failure is logged below with what it means, so not twice.
    const result = await runKeygen(context, argv);
    if (result.code === 0) {
      context.log.info("Generated host key {path}.", { path, command: argv.join(" ") });
      generated++;
    } else if (result.code === COMMAND_NOT_FOUND) {
      // The other types would fail the same way, so one warning is enough.
      context.log.warning(
        "Cannot generate host keys: ssh-keygen is not installed in the target. Install openssh-client or openssh-server.",
        { types: types.join(","), stderr: result.stderr.slice(-500) },
      );
      return { count: generated, missingTool: "ssh-keygen is not installed in the target" };
    } else {
      context.log.warning(
        "Cannot generate host key {path}: ssh-keygen exited with {code}: {stderr}",
        {
          path,
          command: argv.join(" "),
          code: result.code,
          stderr: result.stderr.slice(-2000),
        },
      );
    }
  }
  return { count: generated };
}

/**
 * Runs `ssh-keygen` and returns exit code 127 when it is missing. Under
 * `--root`, chroot exits 127 for a missing program, and without `--root` the
 * program cannot be started at all, so this maps that case to 127 too.
 */
async function runKeygen(context: ModuleContext, argv: string[]) {
  try {
    return await context.platform.processes.run({ kind: "argv", argv }, { logFailure: false });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return { code: COMMAND_NOT_FOUND, stdout: "", stderr: (error as Error).message };
  }
}
