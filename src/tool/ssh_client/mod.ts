/** The SSH client layer shared by egs-tool commands that talk to a guest. */

export { connectGuest, type ConnectGuestOptions, type GuestConnection } from "./connect_guest.ts";
export {
  checkHostKey,
  fingerprintOfBlob,
  type HostKeyPolicy,
  type HostKeyVerdict,
} from "./host_key_check.ts";
export {
  appendKnownHost,
  findHostEntries,
  type KnownHostEntry,
  parseKnownHosts,
  readKnownHostsFile,
} from "./known_hosts.ts";
