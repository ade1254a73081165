/**
 * Windows KVP pools as registry keys: the external pool (host to guest) at
 * `HKLM\SOFTWARE\Microsoft\Virtual Machine\External` and the guest pool at
 * `...\Guest`. Only REG_SZ values are items, and deleting a missing value is fine.
 *
 * NOTE: type-checked only. No test has run this code, because the test
 * machines run Linux. Its pure parts are tested in registry_values_test.ts.
 */

import {
  advapi32,
  ERROR_FILE_NOT_FOUND,
  ERROR_NO_MORE_ITEMS,
  ERROR_SUCCESS,
  hkeyLocalMachine,
  KEY_READ,
  KEY_WRITE,
  readHandle,
  REG_OPTION_NON_VOLATILE,
  RegistryError,
} from "../../ffi/advapi32.ts";
import { NotSupportedError } from "../errors.ts";
import { type KvpPool, KvpPoolId, type KvpStore } from "./pool.ts";
import { validateEntry } from "./record.ts";
import { encodeUtf16z, REG_SZ, type RegistryValue, stringValues } from "./registry_values.ts";

/** Registry key, under HKLM, of each pool the Windows guest has. */
export const REGISTRY_POOL_KEYS: Partial<Record<KvpPoolId, string>> = {
  [KvpPoolId.External]: "SOFTWARE\\Microsoft\\Virtual Machine\\External",
  [KvpPoolId.Guest]: "SOFTWARE\\Microsoft\\Virtual Machine\\Guest",
};

/** One pool stored as the values of a registry key. */
export class RegistryKvpPool implements KvpPool {
  /** Key path under HKLM. */
  readonly keyPath: string;

  constructor(keyPath: string) {
    this.keyPath = keyPath;
  }

  readAll(): Promise<Map<string, string>> {
    const key = this.#open(KEY_READ, false);
    if (key === null) return Promise.resolve(new Map());
    try {
      return Promise.resolve(stringValues(this.#enumerate(key)));
    } finally {
      advapi32().RegCloseKey(key);
    }
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.readAll()).get(key);
  }

  update(changes: Record<string, string | null>): Promise<void> {
    for (const [name, value] of Object.entries(changes)) validateEntry(name, value);
    const key = this.#open(KEY_READ | KEY_WRITE, true);
    if (key === null) {
      throw new RegistryError("RegCreateKeyExW", ERROR_FILE_NOT_FOUND, this.#display());
    }
    try {
      for (const [name, value] of Object.entries(changes)) {
        const nameZ = encodeUtf16z(name);
        if (value === null) {
          const result = advapi32().RegDeleteValueW(key, nameZ);
          if (result !== ERROR_SUCCESS && result !== ERROR_FILE_NOT_FOUND) {
            throw new RegistryError("RegDeleteValueW", result, `${this.#display()}\\${name}`);
          }
          continue;
        }
        const data = encodeUtf16z(value);
        const result = advapi32().RegSetValueExW(key, nameZ, 0, REG_SZ, data, data.length);
        if (result !== ERROR_SUCCESS) {
          throw new RegistryError("RegSetValueExW", result, `${this.#display()}\\${name}`);
        }
      }
    } finally {
      advapi32().RegCloseKey(key);
    }
    return Promise.resolve();
  }

  #open(access: number, create: boolean): Deno.PointerValue {
    const handle = new Uint8Array(8);
    const path = encodeUtf16z(this.keyPath);
    const result = create
      ? advapi32().RegCreateKeyExW(
        hkeyLocalMachine(),
        path,
        0,
        null,
        REG_OPTION_NON_VOLATILE,
        access,
        null,
        handle,
        null,
      )
      : advapi32().RegOpenKeyExW(hkeyLocalMachine(), path, 0, access, handle);
    if (result === ERROR_FILE_NOT_FOUND && !create) return null;
    if (result !== ERROR_SUCCESS) {
      throw new RegistryError(
        create ? "RegCreateKeyExW" : "RegOpenKeyExW",
        result,
        this.#display(),
      );
    }
    return readHandle(handle);
  }

  *#enumerate(key: Deno.PointerValue): Generator<RegistryValue> {
    const maxName = new Uint32Array(1);
    const maxData = new Uint32Array(1);
    const count = new Uint32Array(1);
    const info = advapi32().RegQueryInfoKeyW(
      key,
      null,
      null,
      null,
      null,
      null,
      null,
      new Uint8Array(count.buffer),
      new Uint8Array(maxName.buffer),
      new Uint8Array(maxData.buffer),
      null,
      null,
    );
    if (info !== ERROR_SUCCESS) throw new RegistryError("RegQueryInfoKeyW", info, this.#display());

    for (let index = 0;; index++) {
      const name = new Uint8Array((maxName[0] + 1) * 2);
      const nameLength = new Uint32Array([maxName[0] + 1]);
      const type = new Uint32Array(1);
      const data = new Uint8Array(maxData[0] + 2);
      const dataLength = new Uint32Array([data.length]);
      const result = advapi32().RegEnumValueW(
        key,
        index,
        name,
        new Uint8Array(nameLength.buffer),
        null,
        new Uint8Array(type.buffer),
        data,
        new Uint8Array(dataLength.buffer),
      );
      if (result === ERROR_NO_MORE_ITEMS) return;
      if (result !== ERROR_SUCCESS) {
        throw new RegistryError("RegEnumValueW", result, this.#display());
      }
      const nameText = String.fromCharCode(...new Uint16Array(name.buffer, 0, nameLength[0]));
      yield { name: nameText, type: type[0], data: data.subarray(0, dataLength[0]) };
    }
  }

  #display(): string {
    return `HKLM\\${this.keyPath}`;
  }
}

/** The Windows guest's pools in the registry; pools without a known key are not supported. */
export class RegistryKvpStore implements KvpStore {
  pool(id: KvpPoolId): RegistryKvpPool {
    const keyPath = REGISTRY_POOL_KEYS[id];
    if (keyPath === undefined) {
      throw new NotSupportedError(`KVP pool ${KvpPoolId[id]} in the registry`, "windows");
    }
    return new RegistryKvpPool(keyPath);
  }
}
