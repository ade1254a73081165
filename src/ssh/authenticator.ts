/**
 * Authentication of one SSH connection: user `egs`, public keys only. Every
 * decision is logged with the key's SHA256 fingerprint. Failures are slowed
 * down and limited per connection, like OpenSSH's MaxAuthTries.
 */

import ssh2 from "ssh2";
import type { AuthContext } from "ssh2";
import type { Logger } from "../log/logging.ts";
import { type AuthorizedKeySources, findAuthorizedKey } from "./authorized_key_sources.ts";
import { sha256Fingerprint } from "./host_keys.ts";
import type { KeyRestrictions } from "./key_restrictions.ts";

/** The only user name this server accepts. */
export const SSH_USER = "egs";

/** Settings of {@linkcode ConnectionAuthenticator}. */
export interface AuthenticatorOptions {
  sources: AuthorizedKeySources;
  /** Failed attempts after which the connection is closed; OpenSSH's default is 6. */
  maxAttempts?: number;
  /** Delay before the first rejection in milliseconds; it doubles per failure up to 2 s. */
  failureDelayMs?: number;
  now?: () => Date;
}

/** The key that authenticated a connection, and what its options allow. */
export interface AuthenticatedKey {
  fingerprint: string;
  source: string;
  restrictions: KeyRestrictions;
}

const MAX_FAILURE_DELAY_MS = 2000;

/** Decides the authentication requests of one connection. */
export class ConnectionAuthenticator {
  #options: AuthenticatorOptions;
  #logger: Logger;
  #failures = 0;
  /** The accepted key. It is set before `ctx.accept()`, because ssh2 emits `ready` synchronously. */
  authenticatedKey: AuthenticatedKey | undefined;

  /** `logger` should carry the connection id; `onTooManyFailures` should close the connection. */
  constructor(
    options: AuthenticatorOptions,
    logger: Logger,
    private onTooManyFailures: () => void,
  ) {
    this.#options = options;
    this.#logger = logger;
  }

  /** Accepts or rejects `ctx`, and resolves with the key once a signed request is accepted. */
  async handle(ctx: AuthContext): Promise<AuthenticatedKey | undefined> {
    if (ctx.method === "none") {
      ctx.reject(["publickey"]);
      return undefined;
    }
    if (ctx.username !== SSH_USER) {
      return await this.#fail(
        ctx,
        `user "${ctx.username}" does not exist; the only user is ${SSH_USER}`,
      );
    }
    if (ctx.method !== "publickey") {
      return await this.#fail(ctx, `method ${ctx.method} is not allowed; only publickey is`);
    }

    const fingerprint = sha256Fingerprint(ctx.key.data);
    const lookup = await this.#lookUp(ctx.key.data, fingerprint);
    if (lookup === undefined || !lookup.found) {
      return await this.#fail(ctx, "the key is not authorized", fingerprint);
    }

    if (ctx.signature === undefined || ctx.blob === undefined) {
      // The client only asks whether this key would be accepted; it signs next.
      ctx.accept();
      return undefined;
    }
    if (!verifySignature(ctx.key.data, ctx.blob, ctx.signature, ctx.hashAlgo)) {
      return await this.#fail(ctx, "the signature does not verify", fingerprint);
    }

    this.authenticatedKey = {
      fingerprint,
      source: lookup.source,
      restrictions: lookup.restrictions,
    };
    ctx.accept();
    this.#logger.info("Accepted public key {fingerprint} for {user} from {source}", {
      fingerprint,
      user: ctx.username,
      source: lookup.source,
    });
    return this.authenticatedKey;
  }

  async #lookUp(keyBlob: Uint8Array, fingerprint: string) {
    const now = this.#options.now?.() ?? new Date();
    try {
      const lookup = await findAuthorizedKey(
        this.#options.sources,
        keyBlob,
        now,
        (source, line, reason) =>
          this.#logger.warn("Skipped line {line} of {source}: {reason}", { source, line, reason }),
      );
      if (!lookup.found) {
        for (const rejection of lookup.rejections) {
          this.#logger.warn(
            "Rejected key {fingerprint} in {source} line {line} because of option {option}: {reason}",
            { fingerprint, ...rejection },
          );
        }
      }
      return lookup;
    } catch (error) {
      this.#logger.error(
        "Cannot read the authorized keys, so key {fingerprint} is rejected: {error}",
        {
          fingerprint,
          error: String(error),
        },
      );
      return undefined;
    }
  }

  async #fail(ctx: AuthContext, reason: string, fingerprint?: string): Promise<undefined> {
    this.#failures++;
    this.#logger.warn("Authentication failed for {user} ({method}, {fingerprint}): {reason}", {
      user: ctx.username,
      method: ctx.method,
      fingerprint: fingerprint ?? "no key",
      reason,
      attempt: this.#failures,
    });
    const baseDelay = this.#options.failureDelayMs ?? 100;
    const delay = Math.min(baseDelay * 2 ** (this.#failures - 1), MAX_FAILURE_DELAY_MS);
    await new Promise((resolve) => setTimeout(resolve, delay));

    ctx.reject(["publickey"]);
    if (this.#failures >= (this.#options.maxAttempts ?? 6)) {
      this.#logger.warn("Closing the connection after {count} failed authentication attempts", {
        count: this.#failures,
      });
      this.onTooManyFailures();
    }
    return undefined;
  }
}

function verifySignature(
  keyBlob: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
  hashAlgo: string | undefined,
): boolean {
  const parsed = ssh2.utils.parseKey(keyBlob as never);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) return false;
  return key.verify(data as never, signature as never, hashAlgo as never) === true;
}
