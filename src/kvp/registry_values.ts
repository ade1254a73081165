/**
 * The pure parts of the Windows registry pools: UTF-16LE strings as the
 * registry stores them, and the rule that only REG_SZ values count as KVP
 * items (hv_kvp's Windows side ignores other value types).
 */

/** Registry value type of a string. */
export const REG_SZ = 1;

/** One raw registry value: its name, type and data bytes. */
export interface RegistryValue {
  name: string;
  type: number;
  data: Uint8Array;
}

/** Encodes `text` as NUL-terminated UTF-16LE, the form RegSetValueExW takes for REG_SZ. */
export function encodeUtf16z(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array((text.length + 1) * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), true);
  return bytes;
}

/**
 * Decodes UTF-16LE bytes. The string ends at the first NUL unit, because
 * REG_SZ data may or may not include its terminator. An odd last byte is
 * ignored.
 */
export function decodeUtf16(bytes: Uint8Array): string {
  const units = Math.floor(bytes.length / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, units * 2);
  let text = "";
  for (let i = 0; i < units; i++) {
    const unit = view.getUint16(i * 2, true);
    if (unit === 0) break;
    text += String.fromCharCode(unit);
  }
  return text;
}

/** Keeps the REG_SZ values of a key, decoded, in enumeration order. */
export function stringValues(values: Iterable<RegistryValue>): Map<string, string> {
  const result = new Map<string, string>();
  for (const value of values) {
    if (value.type === REG_SZ) result.set(value.name, decodeUtf16(value.data));
  }
  return result;
}
