/**
 * The `/etc/hosts` update of cloud-init's `manage_etc_hosts: localhost` on
 * Debian: one `127.0.1.1 FQDN HOSTNAME` entry, with every other line kept.
 */

/** The address Debian maps the machine's own names to. */
export const LOCAL_HOSTNAME_ADDRESS = "127.0.1.1";

/**
 * Returns the new hosts file text, or undefined when `text` already maps the
 * names. As in cloud-init, the file stays unchanged when an existing
 * `127.0.1.1` entry has `fqdn` as its first name and `hostname` among its
 * aliases. Otherwise the `127.0.1.1` lines move to the end, followed by the
 * new entry. Other lines are kept byte for byte. `header` starts a new file
 * (`text` undefined).
 */
export function updateHostsText(
  text: string | undefined,
  hostname: string,
  fqdn: string | undefined,
  header: string,
): string | undefined {
  const names = fqdn === undefined || fqdn === hostname ? [hostname] : [fqdn, hostname];
  const lines = text === undefined ? [header] : withoutFinalNewline(text).split("\n");

  const otherLines: string[] = [];
  const local: string[][] = [];
  for (const line of lines) {
    const fields = entryFields(line);
    if (fields !== undefined && fields[0] === LOCAL_HOSTNAME_ADDRESS) local.push(fields.slice(1));
    else otherLines.push(line);
  }

  const present = local.some((entry) =>
    entry[0] === names[0] && (names.length === 1 || entry.slice(1).includes(hostname))
  );
  if (present) return undefined;

  const entries = [...local, names].filter((entry) => entry.length > 0);
  const rendered = entries.map((entry) => [LOCAL_HOSTNAME_ADDRESS, ...entry].join("\t"));
  return `${[...otherLines, ...rendered].join("\n")}\n`;
}

/** Returns the address and names of an entry line, without its comment; undefined for other lines. */
function entryFields(line: string): string[] | undefined {
  const head = line.split("#", 1)[0].trim();
  return head === "" ? undefined : head.split(/\s+/);
}

function withoutFinalNewline(text: string): string {
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}
