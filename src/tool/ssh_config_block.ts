/**
 * egs-tool's block in `~/.ssh/config`: two marker lines around `Include`
 * lines for the alias folders. The block goes first in the file, because
 * OpenSSH scopes an `Include` after a `Host` line to that host.
 */

import { OperationError } from "../errors.ts";
import { sshConfigPath } from "./tool_paths.ts";

/** Line that opens and closes egs-tool's block. */
export const SSH_CONFIG_MARKER = "# ------ eryph guest services ------";

/** Returns the block's lines: markers, a comment and `Include` lines with absolute paths. */
export function renderSshConfigBlock(catletConfigDir: string, vmConfigDir: string): string[] {
  return [
    SSH_CONFIG_MARKER,
    "# Written by egs-tool: aliases of Hyper-V VMs and eryph catlets. egs-tool rewrites",
    "# these lines, so put your own settings outside the markers.",
    `Include ${sshConfigPath(`${catletConfigDir}/*`)}`,
    `Include ${sshConfigPath(`${vmConfigDir}/*`)}`,
    SSH_CONFIG_MARKER,
  ];
}

/**
 * Returns `text` with the block in it: written alone into an empty file,
 * replacing an existing block in place, or else prepended. The file's line
 * ending (CRLF or LF) is kept. Throws an OperationError naming the line when
 * the file has one marker only, because then the end of the block is unknown.
 */
export function applySshConfigBlock(text: string, block: readonly string[], file: string): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const markers = lines.flatMap((line, index) => line.trim() === SSH_CONFIG_MARKER ? [index] : []);

  if (text.trim() === "") return block.join(eol) + eol;

  if (markers.length === 0) return block.join(eol) + eol + eol + text;

  if (markers.length === 1) {
    throw new OperationError(
      `${file} line ${markers[0] + 1} has an eryph guest services marker ` +
        `"${SSH_CONFIG_MARKER}" without its closing marker. Delete that line or add the ` +
        `closing marker after the block, then retry.`,
    );
  }

  const [start, end] = [markers[0], markers[markers.length - 1]];
  const result = [...lines.slice(0, start), ...block, ...lines.slice(end + 1)];
  return result.join(eol);
}
