/**
 * Host-side access to one guest's KVP items in the four groups of a Hyper-V
 * host, of which the host writes only the external one.
 */

/**
 * Item groups in the host's view. The guest writes `guest` and
 * `guest_intrinsic` (pools 1 and 2 inside a Linux guest). The host writes
 * `external`, which the guest reads as pool 0, and `host_only`, which stays on the host.
 */
export type KvpGroup = "guest" | "guest_intrinsic" | "external" | "host_only";

/** Every group, in the order egs-tool prints them. */
export const KVP_GROUPS: readonly KvpGroup[] = [
  "guest",
  "guest_intrinsic",
  "external",
  "host_only",
];

/** Reads a guest's KVP items and writes its external (host-to-guest) items. */
export interface HostKvp {
  /** Reads the items of one group; a guest that has written nothing reads as empty. */
  read(vmId: string, group: KvpGroup): Promise<Map<string, string>>;
  /**
   * Sets each external item to its value, or removes it when the value is
   * null. Throws a RangeError naming the key when a key or value breaks the
   * host-side limits of {@linkcode validateHostItem}.
   */
  updateExternal(vmId: string, changes: Record<string, string | null>): Promise<void>;
}

/** Maximum key length in UTF-16 code units that Hyper-V accepts from the host. */
export const HOST_KVP_MAX_KEY_UNITS = 255;
/** Maximum value length in UTF-16 code units that Hyper-V accepts from the host. */
export const HOST_KVP_MAX_VALUE_UNITS = 1023;

const MAX_KEY_BYTES = 511;
const MAX_VALUE_BYTES = 2047;

/**
 * Checks one host-to-guest item against Hyper-V's limits: a non-blank key of
 * at most 255 characters and 511 UTF-8 bytes, and a value of at most 1023
 * characters and 2047 UTF-8 bytes. Throws a RangeError naming the key.
 */
export function validateHostItem(key: string, value: string | null): void {
  const encoder = new TextEncoder();
  if (key.trim() === "") throw new RangeError("A KVP key must not be blank.");
  if (key.length > HOST_KVP_MAX_KEY_UNITS || encoder.encode(key).length > MAX_KEY_BYTES) {
    throw new RangeError(
      `KVP key "${key}" is too long: keys are limited to ${HOST_KVP_MAX_KEY_UNITS} characters ` +
        `and ${MAX_KEY_BYTES} UTF-8 bytes.`,
    );
  }
  if (value === null) return;
  if (value.length > HOST_KVP_MAX_VALUE_UNITS || encoder.encode(value).length > MAX_VALUE_BYTES) {
    throw new RangeError(
      `The value of KVP key "${key}" is too long: values are limited to ` +
        `${HOST_KVP_MAX_VALUE_UNITS} characters and ${MAX_VALUE_BYTES} UTF-8 bytes.`,
    );
  }
}
