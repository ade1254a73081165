/**
 * Parsing of authorized_keys text as sshd(8) documents it: per line an
 * optional option list, a key type, the base64 key and an optional comment.
 * The option list is split on commas outside double quotes, and `\"` inside a
 * quoted value stands for a quote.
 */

/** One option of an authorized_keys line; `name` is lower-cased, `value` unquoted. */
export interface AuthorizedKeyOption {
  name: string;
  value?: string;
}

/** One usable authorized_keys line. */
export interface AuthorizedKeyEntry {
  options: AuthorizedKeyOption[];
  /** Key type as written, for example `ssh-ed25519`. */
  keyType: string;
  /** Base64 of the public key blob. */
  keyData: string;
  comment: string;
  /** 1-based line number inside the parsed text. */
  line: number;
}

/** A line that could not be parsed, with the reason. */
export interface AuthorizedKeyLineError {
  line: number;
  reason: string;
}

const KEY_TYPE_PREFIXES = ["ssh-", "ecdsa-", "sk-", "rsa-sha2-"];

/**
 * Parses authorized_keys text. Blank lines and `#` comments are skipped, and
 * malformed lines are reported through `onInvalid` and skipped, so one bad line
 * does not disable the others.
 */
export function parseAuthorizedKeys(
  text: string,
  onInvalid: (error: AuthorizedKeyLineError) => void = () => {},
): AuthorizedKeyEntry[] {
  const entries: AuthorizedKeyEntry[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    try {
      entries.push(parseAuthorizedKeyLine(line, index + 1));
    } catch (error) {
      onInvalid({ line: index + 1, reason: (error as Error).message });
    }
  });
  return entries;
}

/** Parses one non-blank line; throws a SyntaxError saying what is wrong. */
export function parseAuthorizedKeyLine(line: string, lineNumber = 1): AuthorizedKeyEntry {
  let rest = line.trim();
  let options: AuthorizedKeyOption[] = [];
  if (!isKeyType(firstToken(rest))) {
    const end = findOptionListEnd(rest);
    options = splitOptionList(rest.slice(0, end));
    rest = rest.slice(end).trimStart();
  }

  const [keyType = "", keyData = "", ...commentWords] = rest.split(/\s+/);
  if (!isKeyType(keyType)) {
    throw new SyntaxError(`unknown key type "${keyType}"; expected ssh-*, ecdsa-* or sk-*`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyData)) {
    throw new SyntaxError(`the key after "${keyType}" is missing or not base64`);
  }
  return { options, keyType, keyData, comment: commentWords.join(" "), line: lineNumber };
}

function firstToken(text: string): string {
  return text.split(/\s/, 1)[0];
}

function isKeyType(token: string): boolean {
  return KEY_TYPE_PREFIXES.some((prefix) => token.startsWith(prefix));
}

/** Returns the index of the first whitespace outside quotes, which ends the option list. */
function findOptionListEnd(text: string): number {
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted && char === "\\" && text[index + 1] === '"') {
      index++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && /\s/.test(char)) {
      return index;
    }
  }
  if (quoted) throw new SyntaxError("an option value has no closing quote");
  throw new SyntaxError("the line has options but no key");
}

function splitOptionList(text: string): AuthorizedKeyOption[] {
  const options: AuthorizedKeyOption[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted && char === "\\" && text[index + 1] === '"') {
      current += '\\"';
      index++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === "," && !quoted) {
      options.push(parseOption(current));
      current = "";
    } else {
      current += char;
    }
  }
  options.push(parseOption(current));
  return options;
}

function parseOption(text: string): AuthorizedKeyOption {
  const equals = text.indexOf("=");
  const name = (equals === -1 ? text : text.slice(0, equals)).toLowerCase();
  if (!/^[a-z0-9-]+$/.test(name)) throw new SyntaxError(`invalid option "${text}"`);
  if (equals === -1) return { name };
  return { name, value: unquote(text.slice(equals + 1)) };
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replaceAll('\\"', '"');
  }
  if (raw.includes('"')) throw new SyntaxError(`misplaced quote in option value ${raw}`);
  return raw;
}
