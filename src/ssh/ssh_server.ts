/**
 * The guest SSH server: takes byte streams from any transport and runs the
 * SSH protocol on each with ssh2. It enforces the connection limits, the
 * login grace time and the unused-connection timeout, and tears down every
 * program and forward of a connection when its client goes away.
 */

import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import type { Duplex } from "node:stream";
import ssh2 from "ssh2";
import type { KvpPool } from "../kvp/pool.ts";
import { getLogger, type Logger } from "../log/logging.ts";
import { EGS_VERSION } from "../version.ts";
import { type AuthenticatedKey, ConnectionAuthenticator } from "./authenticator.ts";
import { installFastCiphers } from "./ciphers/install.ts";
import { parseSigningKey } from "./signing_key.ts";
import type { AuthorizedKeySources } from "./authorized_key_sources.ts";
import type { HostKey } from "./host_keys.ts";
import { PortForwarding } from "./port_forwarding.ts";
import type { PtyStarter } from "./pty_session_process.ts";
import { SessionHandler, type SftpServer } from "./session_handler.ts";

/** Limits of {@linkcode SshServer}; times in milliseconds. */
export interface SshServerLimits {
  maxConnections: number;
  /** Sessions per connection, like sshd's MaxSessions. */
  maxSessionsPerConnection: number;
  /** Time from connect to successful authentication, like sshd's LoginGraceTime. */
  loginGraceMs: number;
  /** Time an authenticated connection may stay without sessions or forwards. */
  unusedConnectionMs: number;
  /** Failed authentication attempts per connection, like sshd's MaxAuthTries. */
  maxAuthTries: number;
}

/** Default limits. */
export const DEFAULT_SSH_LIMITS: Readonly<SshServerLimits> = {
  maxConnections: 64,
  maxSessionsPerConnection: 10,
  loginGraceMs: 30_000,
  unusedConnectionMs: 15 * 60_000,
  maxAuthTries: 6,
};

/**
 * Ciphers the server offers. AES-GCM is always offered, and
 * chacha20-poly1305 when it runs on libcrypto (OpenSSL 3). AES-CTR is never
 * offered, and neither is chacha20-poly1305 through ssh2's own code. ssh2
 * encrypts those through node:crypto cipher objects that it never
 * finalizes. Under Deno such an object keeps its native resource until the
 * process exits, so the daemon grew with every session (about 0.5 MiB per
 * 16 MiB sent with chacha20-poly1305).
 */
function serverCiphers(chaCha20Poly1305: boolean): ssh2.CipherAlgorithm[] {
  const gcm: ssh2.CipherAlgorithm[] = ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com"];
  return chaCha20Poly1305 ? ["chacha20-poly1305@openssh.com", ...gcm] : gcm;
}

/** Settings of {@linkcode SshServer}. */
export interface SshServerOptions {
  hostKeys: readonly HostKey[];
  authorizedKeys: AuthorizedKeySources;
  /** External pool for the shell override. */
  externalPool?: KvpPool;
  portForwarding: boolean;
  startPty?: PtyStarter;
  serveSftp?: SftpServer;
  limits?: Partial<SshServerLimits>;
  /** Base delay of failed authentication in milliseconds. */
  authFailureDelayMs?: number;
  /** Told when a connection opens and closes, for trimming memory when idle. */
  activity?: { busy(): void; idle(): void };
}

/** Serves SSH on the streams handed to {@linkcode SshServer.handle}. */
export class SshServer {
  #options: SshServerOptions;
  #limits: SshServerLimits;
  #logger = getLogger("ssh", "server");
  #connections = new Map<number, () => Promise<void>>();
  #nextId = 1;
  #account: { user: string; home: string };
  #daemonEnv = Deno.env.toObject();
  #ciphers: ssh2.CipherAlgorithm[];
  /** Host keys parsed once, with ECDSA signing repaired (`signing_key.ts`). */
  #hostKeys: ssh2.ParsedKey[];

  constructor(options: SshServerOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_SSH_LIMITS, ...options.limits };
    const account = userInfo();
    this.#account = {
      user: account.username,
      home: existsSync(account.homedir) ? account.homedir : "/",
    };

    this.#hostKeys = options.hostKeys.map((key) => {
      const parsed = parseSigningKey(key.privateKey);
      if (parsed instanceof Error) {
        throw new Error(`Cannot use host key ${key.path}: ${parsed.message}`);
      }
      return parsed;
    });

    const ciphers = installFastCiphers();
    this.#ciphers = serverCiphers(ciphers.chaCha20Poly1305);
    if (ciphers.reason === undefined) {
      this.#logger.info("Ciphers {ciphers} run on {library}", {
        ciphers: this.#ciphers.join(","),
        library: ciphers.name,
      });
    } else {
      this.#logger.warn("AES-GCM runs on node:crypto, about half as fast: {reason}", {
        reason: ciphers.reason,
      });
    }
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Runs SSH on `stream`; `peer` names the other end in logs. */
  handle(stream: Duplex, peer: string): void {
    const id = this.#nextId++;
    const logger = this.#logger.with({ connection: id, peer });
    if (this.#connections.size >= this.#limits.maxConnections) {
      logger.warn("Rejected a connection: {count} connections are open, the maximum", {
        count: this.#connections.size,
      });
      stream.destroy();
      return;
    }
    logger.info("Connection opened");
    this.#options.activity?.busy();
    stream.on("error", (error) => logger.debug("Stream error: {error}", { error: error.message }));

    const server = new ssh2.Server(
      {
        // ssh2 keeps a key it parsed itself when it comes as { key }.
        hostKeys: this.#hostKeys.map((key) => ({ key: key as unknown as string })),
        ident: `EGS_${EGS_VERSION}`,
        algorithms: { cipher: this.#ciphers },
      },
      (client) => this.#serve(id, client, stream, logger),
    );
    const graceTimer = setTimeout(() => {
      logger.warn("Closing the connection: no successful authentication within {seconds} s", {
        seconds: this.#limits.loginGraceMs / 1000,
      });
      stream.destroy();
    }, this.#limits.loginGraceMs);
    this.#connections.set(id, () => {
      stream.destroy();
      return Promise.resolve();
    });
    stream.once("close", () => {
      this.#options.activity?.idle();
      clearTimeout(graceTimer);
      if (this.#connections.has(id)) this.#connections.delete(id);
    });
    stream.once("authenticated", () => clearTimeout(graceTimer));
    server.injectSocket(stream as never);
  }

  /** Closes every open connection and waits for their programs to end. */
  async close(): Promise<void> {
    await Promise.all([...this.#connections.values()].map((closeConnection) => closeConnection()));
  }

  #serve(id: number, client: ssh2.Connection, stream: Duplex, logger: Logger): void {
    const sessions = new Set<SessionHandler>();
    let forwarding: PortForwarding | undefined;
    let key: AuthenticatedKey | undefined;
    let unusedTimer: ReturnType<typeof setTimeout> | undefined;

    const armUnusedTimer = () => {
      clearTimeout(unusedTimer);
      if (sessions.size > 0 || forwarding?.inUse) return;
      unusedTimer = setTimeout(() => {
        logger.info("Closing the connection: unused for {seconds} s", {
          seconds: this.#limits.unusedConnectionMs / 1000,
        });
        client.end();
      }, this.#limits.unusedConnectionMs);
    };
    const teardown = async () => {
      clearTimeout(unusedTimer);
      forwarding?.close();
      await Promise.all([...sessions].map((session) => session.close()));
      stream.destroy();
    };
    this.#connections.set(id, teardown);

    const authenticator = new ConnectionAuthenticator(
      {
        sources: this.#options.authorizedKeys,
        maxAttempts: this.#limits.maxAuthTries,
        failureDelayMs: this.#options.authFailureDelayMs,
      },
      logger,
      () => client.end(),
    );
    client.on("authentication", (ctx) => void authenticator.handle(ctx));

    client.on("ready", () => {
      stream.emit("authenticated");
      key = authenticator.authenticatedKey;
      if (key === undefined) return client.end();
      if (this.#options.portForwarding && key.restrictions.portForwarding) {
        forwarding = new PortForwarding(client, key.restrictions, logger, armUnusedTimer);
      }
      client.on("session", (accept, reject) => {
        if (sessions.size >= this.#limits.maxSessionsPerConnection) {
          logger.warn("Rejected a session: {count} sessions are open on this connection", {
            count: sessions.size,
          });
          return reject();
        }
        const session = accept();
        const handler = new SessionHandler(session, {
          logger,
          key: key!,
          account: this.#account,
          externalPool: this.#options.externalPool,
          startPty: this.#options.startPty,
          serveSftp: this.#options.serveSftp,
          daemonEnv: this.#daemonEnv,
        });
        sessions.add(handler);
        armUnusedTimer();
        session.once("close", () => {
          sessions.delete(handler);
          armUnusedTimer();
          // A channel the client closed early must not leave its program running.
          handler.close().catch((error) =>
            logger.error("Ending a session's program failed: {error}", { error: String(error) })
          );
        });
      });
      armUnusedTimer();
    });

    client.on(
      "error",
      (error) => logger.info("Connection error: {error}", { error: error.message }),
    );
    client.on("close", () => {
      logger.info("Connection closed");
      this.#connections.delete(id);
      teardown().catch((error) =>
        logger.error("Teardown of the connection failed: {error}", { error: String(error) })
      );
    });
  }
}
