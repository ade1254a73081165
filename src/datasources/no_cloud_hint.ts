/**
 * NoCloud hints given outside the seed: `ds=nocloud;s=URL;i=ID;h=NAME` on the
 * kernel command line or in the DMI product serial, as cloud-init reads them.
 */

/** Meta-data values and a seed URL taken from a hint. */
export interface NoCloudHint {
  /** `s=` / `seedfrom=`: where to fetch the seed files from. */
  seedFrom?: string;
  /** Meta-data keys in cloud-init's spelling (`instance-id`, `local-hostname`). */
  metaData: Record<string, string>;
}

const LONG_NAMES: Record<string, string> = {
  h: "local-hostname",
  i: "instance-id",
  s: "seedfrom",
};

/**
 * Parses the first `ds=nocloud` or `ds=nocloud-net` hint in `text`;
 * undefined when there is none. Separators may be written `\;`, as in
 * SMBIOS strings passed through a shell.
 */
export function parseNoCloudHint(text: string): NoCloudHint | undefined {
  for (const token of text.trim().split(/\s+/)) {
    const match = /^ds=(nocloud(?:-net)?)(?:;(.*))?$/i.exec(token.replaceAll("\\;", ";"));
    if (match === null) continue;

    const hint: NoCloudHint = { metaData: {} };
    for (const part of (match[2] ?? "").split(";")) {
      const equals = part.indexOf("=");
      if (equals <= 0) continue;
      const key = part.slice(0, equals);
      const name = LONG_NAMES[key] ?? key;
      const value = part.slice(equals + 1);
      if (name === "seedfrom") hint.seedFrom = value;
      else hint.metaData[name] = value;
    }
    return hint;
  }
  return undefined;
}
