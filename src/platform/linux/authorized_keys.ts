/**
 * Merging of `authorized_keys` lines. Lines are copied byte for byte: options
 * such as `from="a,b",command="echo \"x\""` are only scanned to find the key
 * blob, never re-tokenised or rewritten.
 */

/**
 * Returns the key blob (base64 part) of an authorized_keys line, or undefined
 * for a comment, a blank line or a line without a recognisable key type.
 */
export function keyBlobOf(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  const fields = splitOutsideQuotes(trimmed);
  for (let index = 0; index < fields.length - 1; index++) {
    if (isKeyType(fields[index])) return fields[index + 1];
  }
  return undefined;
}

/**
 * Merges `keys` into the lines of an existing file. A line whose key blob
 * matches a new key is replaced by the new line, so changed options apply.
 * Other lines stay as they are and in order. The remaining new keys are
 * appended in the given order, and duplicate new keys are written once.
 */
export function mergeAuthorizedKeys(existing: string, keys: readonly string[]): string {
  const newKeys = new Map<string, string>();
  const unparsed: string[] = [];
  for (const key of keys) {
    const line = key.trim();
    if (line === "") continue;
    const blob = keyBlobOf(line);
    if (blob === undefined) unparsed.push(line);
    else if (!newKeys.has(blob)) newKeys.set(blob, line);
  }

  const lines: string[] = [];
  for (const line of existing.split("\n")) {
    const blob = keyBlobOf(line);
    if (blob !== undefined && newKeys.has(blob)) {
      lines.push(newKeys.get(blob)!);
      newKeys.delete(blob);
    } else {
      lines.push(line);
    }
  }
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();

  for (const line of [...newKeys.values(), ...unparsed]) {
    if (!lines.includes(line)) lines.push(line);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

function isKeyType(field: string): boolean {
  return /^(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(-cert-v01@openssh\.com)?$/
    .test(field);
}

// Splits on whitespace outside double quotes; a backslash escapes the next
// character inside quotes, as sshd reads option values.
function splitOutsideQuotes(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quoted && char === "\\" && index + 1 < line.length) {
      current += char + line[index + 1];
      index++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (!quoted && (char === " " || char === "\t")) {
      if (current !== "") fields.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current !== "") fields.push(current);
  return fields;
}
