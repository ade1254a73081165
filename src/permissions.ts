/**
 * The Deno permission flags each binary runs with. `deno compile` bakes them
 * into the binaries; tests, the demo and generated `ProxyCommand` lines pass
 * the same flags to `deno run`, so source runs behave like the binaries.
 */

/**
 * Flags for egs-service: system files, commands, FFI (sockets, PTYs, locks),
 * includes and IMDS. Deno 2.9 reads `/proc` and `/sys` files (the boot id,
 * `/proc/cmdline`, DMI values) only when every permission is granted, so the
 * list is complete, `--allow-import` included. FFI access alone already gives
 * full control of the process, so the complete list grants nothing more.
 */
export const SERVICE_PERMISSION_FLAGS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-net",
  "--allow-ffi",
  "--allow-sys",
  "--allow-import",
];

/** Flags for egs-tool: keys and SSH files, PowerShell for WMI, FFI sockets, the eryph API. */
export const TOOL_PERMISSION_FLAGS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-net",
  "--allow-ffi",
  "--allow-sys",
];
