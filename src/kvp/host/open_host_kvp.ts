/** The one place that picks the host KVP backend. */

import { NotSupportedError } from "../../errors.ts";
import type { HostKvp } from "./host_kvp.ts";
import { PoolDirectoryHostKvp } from "./pool_directory_host_kvp.ts";
import { WmiHostKvp } from "./wmi_host_kvp.ts";

/**
 * Returns the pool-directory backend when `kvpDir` is set, else Hyper-V WMI on
 * Windows. Throws NotSupportedError elsewhere, because Linux hosts have no
 * host-side KVP interface and need `--kvp-dir`.
 */
export function openHostKvp(kvpDir: string | undefined, os: string = Deno.build.os): HostKvp {
  if (kvpDir !== undefined) return new PoolDirectoryHostKvp(kvpDir);
  if (os === "windows") return new WmiHostKvp();
  throw new NotSupportedError("Reading KVP items without --kvp-dir", os);
}
