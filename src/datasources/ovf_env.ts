/**
 * Reads Azure's `ovf-env.xml` from the provisioning media: host name, user
 * name, SSH public keys and the base64 `CustomData`. Elements are matched by
 * local name, so any namespace prefix (`wa:`, `ns1:`) works. Only the small
 * XML subset the document uses is parsed: elements, text, entities, CDATA
 * and comments.
 */

import { InputError } from "../errors.ts";

/** The provisioning values of one `ovf-env.xml`. */
export interface OvfEnvironment {
  /** `HostName` (Linux) or `ComputerName` (Windows). */
  hostName?: string;
  /** `UserName` (Linux) or `AdminUsername` (Windows). */
  userName?: string;
  /** `CustomData` with all whitespace removed, still base64. */
  customData?: string;
  /** `SSH/PublicKeys/PublicKey/Value` entries. */
  publicKeys: string[];
  /** Public keys given only by fingerprint, whose bodies live on the wireserver EGS never contacts. */
  fingerprintOnlyKeys: number;
  disableSshPasswordAuthentication?: boolean;
}

interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;

/** Parses `ovf-env.xml` text; throws `InputError` naming `source` when it is not well-formed. */
export function parseOvfEnvironment(text: string, source: string): OvfEnvironment {
  const document = parseXml(text, source);
  const section = findFirst(document, "ProvisioningSection") ?? document;
  const keys = findAll(section, "PublicKey");
  const publicKeys = keys.map((key) => findFirst(key, "Value")?.text.trim() ?? "")
    .filter((value) => value !== "");
  const disable = findFirst(section, "DisableSshPasswordAuthentication")?.text.trim();
  const customData = findFirst(section, "CustomData")?.text.replace(/\s+/g, "");
  return {
    hostName: textOf(section, "HostName") ?? textOf(section, "ComputerName"),
    userName: textOf(section, "UserName") ?? textOf(section, "AdminUsername"),
    customData: customData === "" ? undefined : customData,
    publicKeys,
    fingerprintOnlyKeys: keys.length - publicKeys.length,
    disableSshPasswordAuthentication: disable === undefined ? undefined : disable === "true",
  };
}

function parseXml(text: string, source: string): XmlElement {
  const root: XmlElement = { name: "", children: [], text: "" };
  const stack = [root];
  for (const match of text.matchAll(TOKEN)) {
    const [whole, cdata, closing, opening, , selfClosing, chars] = match;
    const current = stack.at(-1)!;
    if (cdata !== undefined) current.text += cdata;
    else if (chars !== undefined) current.text += decodeEntities(chars);
    else if (opening !== undefined) {
      const element = { name: localName(opening), children: [], text: "" };
      current.children.push(element);
      if (selfClosing !== "/") stack.push(element);
    } else if (closing !== undefined) {
      if (stack.length === 1 || current.name !== localName(closing)) {
        throw new InputError(
          `Invalid XML in ${source}: unexpected ${whole} inside <${current.name || "document"}>.`,
          { file: source },
        );
      }
      stack.pop();
    }
  }
  if (stack.length !== 1) {
    throw new InputError(`Invalid XML in ${source}: <${stack.at(-1)!.name}> is not closed.`, {
      file: source,
    });
  }
  return root;
}

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X")) {
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    }
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return named[entity] ?? whole;
  });
}

function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) found.push(child);
    found.push(...findAll(child, name));
  }
  return found;
}

function findFirst(element: XmlElement, name: string): XmlElement | undefined {
  return findAll(element, name)[0];
}

function textOf(element: XmlElement, name: string): string | undefined {
  const value = findFirst(element, name)?.text.trim();
  return value === "" ? undefined : value;
}
