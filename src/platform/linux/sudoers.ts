/**
 * sudo rules for provisioned users, in the file and format cloud-init
 * writes: `/etc/sudoers.d/90-cloud-init-users`, mode 0440, a header line and
 * then a `# User rules for NAME` block per user.
 */

import { getLogger } from "../../log/logging.ts";
import type { LinuxFiles } from "./linux_files.ts";

/** The sudoers drop-in cloud-init writes; images and tools look for this name. */
export const SUDOERS_USERS_FILE = "/etc/sudoers.d/90-cloud-init-users";

const SUDOERS_FOLDER = "/etc/sudoers.d";
const SUDOERS_MODE = 0o440;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Renders the block of rules of one user, each line `NAME RULE`, with a leading blank line. */
export function renderSudoRules(user: string, rules: readonly string[]): string {
  const lines = ["", `# User rules for ${user}`, ...rules.map((rule) => `${user} ${rule}`)];
  return `${lines.join("\n")}\n`;
}

/** Returns the header line of a new sudoers file. */
export function sudoersHeader(now: Date): string {
  return `# Created by eryph guest services on ${now.toUTCString()}`;
}

/**
 * Adds the rules of `user` to the drop-in file: a new file gets a header and
 * the block, an existing file gets the block appended unless it already has
 * it, so a second run changes nothing. Also makes sure `/etc/sudoers`
 * includes `/etc/sudoers.d`, appending an `#includedir` line when it lacks one.
 */
export async function writeSudoRules(
  files: LinuxFiles,
  user: string,
  rules: readonly string[],
  now: Date = new Date(),
): Promise<void> {
  const log = getLogger("platform", "users");
  await ensureSudoersInclude(files, now);
  // Debian's sudo package creates the folder with mode 0750; a folder made
  // here gets the same, and an existing one keeps its mode.
  if (!(await files.exists(SUDOERS_FOLDER))) await files.ensureFolder(SUDOERS_FOLDER, 0o750);

  const block = renderSudoRules(user, rules);
  const current = await files.read(SUDOERS_USERS_FILE);
  if (current === undefined) {
    const content = `${sudoersHeader(now)}\n${block}`;
    await files.write(SUDOERS_USERS_FILE, encoder.encode(content), {
      mode: SUDOERS_MODE,
    });
  } else if (!decoder.decode(current).includes(block)) {
    await files.write(SUDOERS_USERS_FILE, encoder.encode(block), {
      mode: SUDOERS_MODE,
      append: true,
    });
  } else {
    log.debug("The sudo rules of {user} are already in {path}.", {
      user,
      path: SUDOERS_USERS_FILE,
    });
    return;
  }
  log.info("Wrote the sudo rules of {user} to {path} (count {count}).", {
    user,
    count: rules.length,
    path: SUDOERS_USERS_FILE,
  });
}

async function ensureSudoersInclude(files: LinuxFiles, now: Date): Promise<void> {
  const current = await files.read("/etc/sudoers");
  const text = current === undefined ? "" : decoder.decode(current);
  const included = text.split("\n").some((line) => {
    const match = /^[#@]includedir\s+(\S+)\s*$/.exec(line.trim());
    return match !== null && match[1].replace(/\/+$/, "") === "/etc/sudoers.d";
  });
  if (included) return;

  const lines = [
    "",
    `# Added by eryph guest services on ${now.toUTCString()}`,
    "#includedir /etc/sudoers.d",
    "",
  ];
  if (current === undefined) {
    lines.unshift('# See sudoers(5) for more information on "#include" directives:');
  }
  await files.write("/etc/sudoers", encoder.encode(lines.join("\n")), {
    mode: SUDOERS_MODE,
    append: current !== undefined,
  });
}
