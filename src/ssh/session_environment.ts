/**
 * The environment of a session's process, shaped like a root login through
 * sshd: HOME, USER, LOGNAME, SHELL, PATH and MAIL of the account the daemon
 * runs as, the `SSH_*` variables, TERM and SSH_TTY with a PTY, and the
 * variables the client sent with `env` requests.
 */

/** Variables a client's `env` request cannot set, because the session defines them. */
const PROTECTED = new Set(["HOME", "USER", "LOGNAME", "SHELL", "PATH", "MAIL", "SHELL_ARGS"]);

/** Maximum number of variables one session accepts from `env` requests. */
export const MAX_CLIENT_VARIABLES = 64;

/** PATH of a root login on Debian, which the session uses instead of the daemon's own. */
export const ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * Values sshd puts in SSH_CONNECTION and SSH_CLIENT when the connection is not
 * an IP socket. vsock and Hyper-V sockets have no IP addresses, so the same form is used.
 */
export const UNKNOWN_PEER = {
  connection: "UNKNOWN 65535 UNKNOWN 65535",
  client: "UNKNOWN 65535 65535",
};

/** Inputs of {@linkcode buildSessionEnvironment}. */
export interface SessionEnvironmentInput {
  user: string;
  home: string;
  shellPath: string;
  /** Variables from the client's `env` requests, already filtered by {@linkcode acceptsClientVariable}. */
  clientVariables: ReadonlyMap<string, string>;
  /** Terminal type and device when the session has a PTY. */
  terminal?: { term: string; ttyName: string };
  /** The client's command when `command=` replaced it. */
  originalCommand?: string;
  /** Variables copied from the daemon's environment when present (LANG, TZ). */
  inherited?: Readonly<Record<string, string | undefined>>;
}

/** Tells whether a client may set `name` through an `env` request. */
export function acceptsClientVariable(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PROTECTED.has(name) && !name.startsWith("SSH_");
}

/** Builds the complete environment of a session's process. */
export function buildSessionEnvironment(input: SessionEnvironmentInput): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of ["LANG", "TZ"]) {
    const value = input.inherited?.[name];
    if (value !== undefined) environment[name] = value;
  }
  for (const [name, value] of input.clientVariables) environment[name] = value;

  Object.assign(environment, {
    HOME: input.home,
    USER: input.user,
    LOGNAME: input.user,
    SHELL: input.shellPath,
    PATH: ROOT_PATH,
    MAIL: `/var/mail/${input.user}`,
    SSH_CONNECTION: UNKNOWN_PEER.connection,
    SSH_CLIENT: UNKNOWN_PEER.client,
  });
  if (input.terminal !== undefined) {
    environment.TERM = input.terminal.term;
    environment.SSH_TTY = input.terminal.ttyName;
  }
  if (input.originalCommand !== undefined) environment.SSH_ORIGINAL_COMMAND = input.originalCommand;
  return environment;
}
