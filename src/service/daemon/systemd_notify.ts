/**
 * Readiness and status messages to systemd (`Type=notify`) through the
 * datagram socket named by `$NOTIFY_SOCKET`, as sd_notify(3) describes. Deno's
 * datagram API needs an unstable flag, so the message goes out through libc
 * over FFI. Without `$NOTIFY_SOCKET` every call does nothing.
 */

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const SUN_PATH_SIZE = 108;

type Libc = Deno.DynamicLibrary<{
  socket: { parameters: ["i32", "i32", "i32"]; result: "i32" };
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"]; result: "isize" };
  close: { parameters: ["i32"]; result: "i32" };
}>;

let libc: Libc | undefined;

function openLibc(): Libc {
  libc ??= Deno.dlopen("libc.so.6", {
    socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
    close: { parameters: ["i32"], result: "i32" },
  });
  return libc;
}

/**
 * Sends `state` lines (for example `READY=1` and `STATUS=...`) to
 * `socketPath`, which defaults to `$NOTIFY_SOCKET`. A leading `@` names an
 * abstract socket. Returns false when there is no socket to notify; throws
 * when sending fails.
 */
export function notifySystemd(
  state: string,
  socketPath = Deno.env.get("NOTIFY_SOCKET"),
): boolean {
  if (!socketPath || Deno.build.os !== "linux") return false;
  const path = new TextEncoder().encode(socketPath);
  if (path.length >= SUN_PATH_SIZE) {
    throw new RangeError(`NOTIFY_SOCKET "${socketPath}" is too long`);
  }

  const address = new Uint8Array(2 + SUN_PATH_SIZE);
  new DataView(address.buffer).setUint16(0, AF_UNIX, true);
  address.set(path, 2);
  if (socketPath.startsWith("@")) address[2] = 0;
  const addressLength = 2 + path.length + (socketPath.startsWith("@") ? 0 : 1);

  const library = openLibc().symbols;
  const fd = library.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw new Error("Cannot create a socket for systemd notification");
  try {
    const message = new TextEncoder().encode(state);
    const sent = library.sendto(fd, message, BigInt(message.length), 0, address, addressLength);
    if (Number(sent) < 0) {
      throw new Error(`Cannot send a notification to NOTIFY_SOCKET "${socketPath}"`);
    }
  } finally {
    library.close(fd);
  }
  return true;
}
