/**
 * Redaction of files before they go into a `collect-logs` bundle. JSON and
 * JSON-lines files lose the values of secret keys; every file loses private
 * key blocks and crypt(3) password hashes, whatever its format.
 */

/** Placeholder written instead of a secret value. */
export const REDACTED_VALUE = "<redacted>";

// Key names whose values are secrets wherever they appear: every password
// key (passwd, hashed_passwd, chpasswd, admin-password, ...), private keys,
// raw payloads and tokens.
const SECRET_KEY =
  /^(.*passw(or)?d.*|.*private.*|user[-_]?data|vendor[-_]?data|customdata|.*token.*|.*secret.*)$/i;

const PRIVATE_KEY_BLOCK =
  /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;

// crypt(3) hashes as shadow files and cloud-config hold them: $id$[params$]salt$hash.
const CRYPT_HASH = /\$(1|2[abxy]?|5|6|7|y|gy|sha1|md5)\$[./A-Za-z0-9$=,]{8,}/g;

/** Returns `text` with private key blocks and password hashes replaced. */
export function redactText(text: string): string {
  return text
    .replace(PRIVATE_KEY_BLOCK, (_match, kind: string) => `<redacted ${kind}private key>`)
    .replace(CRYPT_HASH, REDACTED_VALUE);
}

/** Returns a copy of a parsed JSON value with the values of secret keys replaced. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED_VALUE : redactJson(child);
  }
  return copy;
}

/**
 * Redacts one file's content by its name: `.json` files as one document,
 * `.log` and `.jsonl` files line by line (lines that are not JSON stay
 * text), everything else as text.
 */
export function redactFileContent(name: string, text: string): string {
  if (name.endsWith(".json")) return redactJsonText(text) ?? redactText(text);
  if (name.endsWith(".log") || name.endsWith(".jsonl")) {
    return text.split("\n").map((line) => redactJsonText(line) ?? redactText(line)).join("\n");
  }
  return redactText(text);
}

function redactJsonText(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  try {
    const redacted = redactJson(JSON.parse(trimmed));
    return redactText(
      text.includes("\n") ? JSON.stringify(redacted, null, 2) : JSON.stringify(redacted),
    );
  } catch {
    return undefined;
  }
}
