/**
 * The requests of one session channel: `env`, `pty-req`, `window-change`,
 * `signal`, then one of `shell`, `exec` or `subsystem`. Agent and X11
 * forwarding are always rejected. A `command=` option replaces whatever the
 * client asked to run and passes the original in SSH_ORIGINAL_COMMAND.
 */

import type { PseudoTtyInfo, ServerChannel, Session, SFTPWrapper } from "ssh2";
import type { KvpPool } from "../kvp/pool.ts";
import type { Logger } from "../log/logging.ts";
import type { AuthenticatedKey } from "./authenticator.ts";
import { startPipedProcess } from "./piped_process.ts";
import { type PtyStarter, startPtySessionProcess } from "./pty_session_process.ts";
import {
  acceptsClientVariable,
  buildSessionEnvironment,
  MAX_CLIENT_VARIABLES,
} from "./session_environment.ts";
import type { SessionProcess } from "./session_process.ts";
import { resolveShell } from "./resolve_shell.ts";
import { shellArgv } from "./shell_selection.ts";

/**
 * Serves SFTP on the wrapper ssh2 returns for `subsystem sftp`, until the
 * channel closes; the SFTP module's `serveSftp` in production.
 */
export type SftpServer = (
  sftp: SFTPWrapper,
  options: { log?: Logger; cwd?: string },
) => Promise<void>;

/** Inputs of a session handler from its connection and the daemon. */
export interface SessionContext {
  logger: Logger;
  key: AuthenticatedKey;
  /** The account sessions run as: the daemon's own, root in production. */
  account: { user: string; home: string };
  /** External pool for the shell override; undefined skips it. */
  externalPool?: KvpPool;
  /** Starts PTY processes; without it `pty-req` is rejected. */
  startPty?: PtyStarter;
  /** Serves SFTP; without it `subsystem sftp` is rejected unless `command=` replaces it. */
  serveSftp?: SftpServer;
  /** The daemon's environment, for `$SHELL`, LANG and TZ. */
  daemonEnv: Readonly<Record<string, string | undefined>>;
}

/** Size used when a `pty-req` requests zero columns or rows. */
const DEFAULT_TERMINAL = { cols: 80, rows: 24 };

/** Handles one session channel; `close()` ends its program when the connection goes away. */
export class SessionHandler {
  #context: SessionContext;
  #variables = new Map<string, string>();
  #pty: PseudoTtyInfo | undefined;
  #process: SessionProcess | undefined;
  #closed = false;

  /** Registers the request handlers on `session`. */
  constructor(session: Session, context: SessionContext) {
    this.#context = context;
    const logger = context.logger;
    const restrictions = context.key.restrictions;

    session.on("env", (accept, reject, info) => {
      const allowed = acceptsClientVariable(info.key) &&
        this.#variables.size < MAX_CLIENT_VARIABLES;
      if (allowed || info.key === "SHELL" || info.key === "SHELL_ARGS") {
        this.#variables.set(info.key, info.val);
        accept?.();
      } else {
        logger.debug("Rejected env request for {name}", { name: info.key });
        reject?.();
      }
    });
    session.on("pty", (accept, reject, info) => {
      if (context.startPty === undefined || !restrictions.pty || this.#process !== undefined) {
        logger.info("Rejected pty-req: {reason}", {
          reason: restrictions.pty ? "PTYs are not available" : "the key has no-pty or restrict",
        });
        return reject?.();
      }
      this.#pty = info;
      accept?.();
    });
    session.on("window-change", (accept, _reject, info) => {
      const cols = info.cols || DEFAULT_TERMINAL.cols;
      const rows = info.rows || DEFAULT_TERMINAL.rows;
      // A change that arrives before the shell starts sets the size it starts with.
      if (this.#process === undefined && this.#pty !== undefined) {
        this.#pty = { ...this.#pty, cols, rows };
      }
      this.#process?.resize?.(cols, rows);
      accept?.();
    });
    session.on("signal", (accept, _reject, info) => {
      this.#process?.signal(info.name.replace(/^SIG/, ""));
      accept?.();
    });
    session.on("auth-agent", (_accept, reject) => reject?.());
    session.on("x11", (_accept, reject) => reject?.());

    session.on("shell", (accept, reject) => this.#run(accept, reject, undefined));
    session.on("exec", (accept, reject, info) => this.#run(accept, reject, info.command));
    session.on("subsystem", (accept, reject, info) => this.#subsystem(accept, reject, info.name));
    // Without an "sftp" listener ssh2 passes `subsystem sftp` to the handler above,
    // which runs a forced command in its place or rejects it.
    const serveSftp = context.serveSftp;
    if (serveSftp !== undefined && restrictions.forcedCommand === undefined) {
      session.on("sftp", (accept, reject) => this.#sftp(serveSftp, accept, reject));
    }
  }

  /** Ends the session's program, if one runs, and waits for it. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#process?.terminate();
  }

  async #run(
    accept: () => ServerChannel,
    reject: (() => void) | undefined,
    command: string | undefined,
  ): Promise<void> {
    const { logger, key } = this.#context;
    if (this.#process !== undefined || this.#closed) return reject?.();
    // Accept before any await: ssh2 refuses a late accept once the client has sent EOF.
    const channel = accept();
    if (channel === undefined) return;

    const forced = key.restrictions.forcedCommand;
    if (forced !== undefined) {
      logger.info("Running the forced command of key {fingerprint} instead of the request", {
        fingerprint: key.fingerprint,
      });
    }
    const shell = await resolveShell(
      this.#context.externalPool,
      this.#variables,
      this.#context.daemonEnv,
      logger,
    );
    if (this.#closed) return void channel.close();
    const argv = shellArgv(shell, forced ?? command);
    this.#start(channel, argv, shell.path, forced !== undefined ? command ?? "" : undefined);
  }

  #start(
    channel: ServerChannel,
    argv: string[],
    shellPath: string,
    originalCommand?: string,
  ): void {
    const { logger, account } = this.#context;
    const pty = this.#pty;
    const cols = pty?.cols || DEFAULT_TERMINAL.cols;
    const rows = pty?.rows || DEFAULT_TERMINAL.rows;
    const term = pty?.term || "xterm";
    const environment = (ttyName?: string) =>
      buildSessionEnvironment({
        user: account.user,
        home: account.home,
        shellPath,
        clientVariables: new Map(
          [...this.#variables].filter(([name]) => acceptsClientVariable(name)),
        ),
        terminal: ttyName === undefined ? undefined : { term, ttyName },
        originalCommand,
        inherited: this.#context.daemonEnv,
      });
    const cwd = account.home;

    try {
      if (pty !== undefined && this.#context.startPty !== undefined) {
        // The PTY module adds TERM; SSH_TTY is known only once the PTY exists, so it is left out.
        this.#process = startPtySessionProcess(channel, this.#context.startPty, {
          argv,
          env: environment(),
          cwd,
          cols,
          rows,
          term,
          modes: pty.modes as Record<string, number | undefined>,
        }, logger);
      } else {
        this.#process = startPipedProcess(channel, { argv, env: environment(), cwd }, logger);
      }
    } catch (error) {
      logger.error("Cannot start {argv}: {error}", { argv, error: String(error) });
      channel.stderr.write(`Cannot start ${argv[0]}: ${(error as Error).message}\n`);
      channel.exit(127);
      channel.end();
      channel.close();
    }
  }

  async #subsystem(accept: () => ServerChannel, reject: (() => void) | undefined, name: string) {
    const { logger, key } = this.#context;
    if (key.restrictions.forcedCommand !== undefined) return await this.#run(accept, reject, name);
    logger.info("Rejected subsystem {name}: no such subsystem", { name });
    reject?.();
  }

  #sftp(serveSftp: SftpServer, accept: () => SFTPWrapper, reject: (() => void) | undefined): void {
    const { logger, account } = this.#context;
    if (this.#process !== undefined || this.#closed) return reject?.();
    // serveSftp must run in the same tick as accept(), before the client's INIT arrives.
    const sftp = accept();
    if (sftp === undefined) return;
    logger.info("Started the SFTP subsystem");
    this.#process = {
      done: serveSftp(sftp, { log: logger, cwd: account.home }),
      signal: () => {},
      terminate: () => {
        sftp.end();
        return Promise.resolve();
      },
    };
  }
}
