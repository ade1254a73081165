/**
 * Looks up user and group names for directory listings from `/etc/passwd`
 * and `/etc/group`, read once per SFTP session.
 */

/** User and group names by numeric id; an unknown id is returned as its number. */
export interface AccountNames {
  user(uid: number): string;
  group(gid: number): string;
}

/** Reads the account databases under `root` (default `/`); missing files give numeric names. */
export async function readAccountNames(root = "/"): Promise<AccountNames> {
  const users = await readIdFile(`${root.replace(/\/$/, "")}/etc/passwd`);
  const groups = await readIdFile(`${root.replace(/\/$/, "")}/etc/group`);
  return {
    user: (uid) => users.get(uid) ?? String(uid),
    group: (gid) => groups.get(gid) ?? String(gid),
  };
}

/** Parses `name:x:id:...` lines into an id-to-name map, keeping the first name per id. */
async function readIdFile(path: string): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return names;
  }
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    if (fields.length < 3 || fields[0] === "" || line.startsWith("#")) continue;
    const id = Number(fields[2]);
    if (Number.isInteger(id) && !names.has(id)) names.set(id, fields[0]);
  }
  return names;
}
