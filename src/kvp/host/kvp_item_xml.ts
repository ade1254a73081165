/**
 * `Msvm_KvpExchangeDataItem` instances in the CIM DTD 2.0 XML form that
 * Hyper-V's WMI provider returns in `GuestExchangeItems` and friends and
 * takes in the `DataItems` argument of Add/Modify/RemoveKvpItems.
 */

/** `Source` of a data item: which side of the exchange it belongs to. */
export enum KvpItemSource {
  HostExternal = 0,
  Guest = 1,
  GuestIntrinsic = 2,
  HostOnly = 4,
}

/** Renders one data item as an embedded-instance XML string for the WMI methods. */
export function buildKvpItemXml(name: string, data: string, source: KvpItemSource): string {
  const property = (propertyName: string, type: string, value: string) =>
    `<PROPERTY NAME="${propertyName}" TYPE="${type}"><VALUE>${escapeXml(value)}</VALUE></PROPERTY>`;
  return `<INSTANCE CLASSNAME="Msvm_KvpExchangeDataItem">` +
    property("Data", "string", data) +
    property("Name", "string", name) +
    property("Source", "uint16", String(source)) +
    `</INSTANCE>`;
}

/**
 * Reads the `Name` and `Data` properties of data item XML strings. Items
 * without a name are skipped; an item without data reads as "".
 */
export function parseKvpItemsXml(items: readonly string[]): Map<string, string> {
  const entries = new Map<string, string>();
  for (const item of items) {
    const properties = readProperties(item);
    const name = properties.get("Name");
    if (name === undefined || name === null) continue;
    entries.set(name, properties.get("Data") ?? "");
  }
  return entries;
}

// A PROPERTY element is either self-closing or contains at most one VALUE,
// because CIM DTD 2.0 instances of this class nest nothing deeper.
const PROPERTY_PATTERN = /<PROPERTY\b([^>]*?)(?:\/>|>([\s\S]*?)<\/PROPERTY>)/g;
const NAME_PATTERN = /\bNAME\s*=\s*"([^"]*)"/;
const VALUE_PATTERN = /<VALUE>([\s\S]*?)<\/VALUE>|<VALUE\s*\/>/;

function readProperties(xml: string): Map<string, string | null> {
  const properties = new Map<string, string | null>();
  for (const match of xml.matchAll(PROPERTY_PATTERN)) {
    const name = NAME_PATTERN.exec(match[1])?.[1];
    if (name === undefined) continue;
    const value = VALUE_PATTERN.exec(match[2] ?? "");
    properties.set(unescapeXml(name), value === null ? null : unescapeXml(value[1] ?? ""));
  }
  return properties;
}

/** Escapes text for an XML element or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (entity, body: string) => {
    if (body.startsWith("#x")) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? entity;
  });
}
