/** doas rules for provisioned users, written to `/etc/doas.conf` as cloud-init writes them. */

import { OperationError } from "../../errors.ts";
import type { Files } from "../types.ts";

/** The doas configuration file. */
export const DOAS_FILE = "/etc/doas.conf";

const encoder = new TextEncoder();

// The shape of a doas.conf(5) rule; the first identity after the options is
// the user the rule applies to.
const RULE =
  /^(?:permit|deny)(?:\s+(?:nolog|nopass|persist|keepenv|setenv \{[^}]+\})+)*\s+([a-zA-Z0-9_]+)(?:\s+as\s+[a-zA-Z0-9_]+)*(?:\s+cmd\s+\S+(?:\s+args\s+\S+(?:\s*\S+)*)*)*\s*$/;

/**
 * Adds the rules of `user` to the doas file, unless the block is there
 * already. Throws OperationError, before writing anything, when a rule does
 * not have the doas.conf form or names another user, because a wrong rule
 * could lock out or empower the wrong account.
 */
export async function writeDoasRules(
  files: Files,
  user: string,
  rules: readonly string[],
  keyPath: string,
) {
  for (const rule of rules) {
    const match = RULE.exec(rule);
    if (match === null || match[1] !== user) {
      throw new OperationError(
        `Invalid doas rule "${rule}" at ${keyPath}.doas: expected "permit|deny [options] ${user} ...". ` +
          `Fix the rule so that it names user "${user}".`,
      );
    }
  }
  const block = `\n# cloud-init User rules for ${user}\n${rules.join("\n")}\n`;
  const current = await files.read(DOAS_FILE);
  if (current !== undefined && new TextDecoder().decode(current).includes(block)) return;
  await files.write(DOAS_FILE, encoder.encode(block), {
    mode: 0o440,
    append: current !== undefined,
  });
}
