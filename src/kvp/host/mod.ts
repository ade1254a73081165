/** Host-side KVP access: a pool directory, or Hyper-V WMI on Windows hosts. */

export {
  HOST_KVP_MAX_KEY_UNITS,
  HOST_KVP_MAX_VALUE_UNITS,
  type HostKvp,
  KVP_GROUPS,
  type KvpGroup,
  validateHostItem,
} from "./host_kvp.ts";
export { PoolDirectoryHostKvp } from "./pool_directory_host_kvp.ts";
export { WmiHostKvp } from "./wmi_host_kvp.ts";
export { openHostKvp } from "./open_host_kvp.ts";
