/**
 * The SSH client layer of egs-tool. It connects ssh2's Client over any
 * connector stream as user `egs` with the client key and checks the guest's
 * host key against the pinned known_hosts file. ssh2's terse failures become
 * messages that name the address, the key fingerprint or the fix.
 */

import { Buffer } from "node:buffer";
import ssh2 from "ssh2";
import { OperationError, UsageError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import { widenReceiveWindow } from "../../ssh/channel_window.ts";
import { installFastCiphers } from "../../ssh/ciphers/install.ts";
import { parseSigningKey } from "../../ssh/signing_key.ts";
import { SftpFileChannel } from "../transfer/sftp_file_channel.ts";
import type { Connector } from "../../transport/mod.ts";
import { checkHostKey, fingerprintOfBlob, type HostKeyPolicy } from "./host_key_check.ts";

const log = getLogger("tool", "ssh");

const GCM_CIPHERS: ssh2.CipherAlgorithm[] = ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com"];
const OTHER_CIPHERS: ssh2.CipherAlgorithm[] = [
  "chacha20-poly1305@openssh.com",
  "aes128-ctr",
  "aes256-ctr",
];

/**
 * Ciphers in order of preference. AES-GCM comes first when it runs on
 * libcrypto. Through Deno's node:crypto it measured at roughly half the
 * throughput of chacha20-poly1305 on a unix socket (docs/transfer.md), so it
 * comes last then. The guest's daemon offers AES-GCM, and chacha20-poly1305
 * where it has OpenSSL 3.
 */
function preferredCiphers(): ssh2.CipherAlgorithm[] {
  const backend = installFastCiphers();
  if (backend.reason !== undefined) {
    log.debug("AES-GCM runs on node:crypto: {reason}", { reason: backend.reason });
    return [...OTHER_CIPHERS, ...GCM_CIPHERS];
  }
  return [...GCM_CIPHERS, ...OTHER_CIPHERS];
}

/** Options of {@linkcode connectGuest}. */
export interface ConnectGuestOptions {
  connector: Connector;
  /** Path of the private key (OpenSSH or PEM, no passphrase). */
  identityPath: string;
  hostKey: HostKeyPolicy;
  /** Seconds to wait for the SSH handshake (default 30). */
  readyTimeoutSeconds?: number;
}

/** An authenticated SSH connection to a guest. */
export interface GuestConnection {
  client: ssh2.Client;
  /** Opens the SFTP subsystem. */
  openSftp(): Promise<ssh2.SFTPWrapper>;
  /** Opens a second SFTP channel that only reads files, for downloads. */
  openFileChannel(): Promise<SftpFileChannel>;
  /** Ends the connection and waits until the stream has closed. */
  close(): Promise<void>;
}

/**
 * Connects and authenticates. Throws an OperationError when the transport
 * cannot connect, the host key is rejected or the guest does not accept the
 * key, and a UsageError when the identity file cannot be read.
 */
export async function connectGuest(options: ConnectGuestOptions): Promise<GuestConnection> {
  const privateKey = identityKey(await readIdentity(options.identityPath), options.identityPath);
  const clientFingerprint = fingerprintOfBlob(privateKey.getPublicSSH());
  const address = options.connector.address;

  const sock = await options.connector.connect().catch((error: Error) => {
    throw new OperationError(
      `${error.message}. Check that the VM is running and that egs-service listens there.`,
      { cause: error },
    );
  });

  const client = new ssh2.Client();
  let hostKeyProblem: string | undefined;
  await new Promise<void>((resolve, reject) => {
    client.once("ready", () => resolve());
    // ssh2 can emit several errors for one failed handshake (the signing
    // failure, then "All configured authentication methods failed"), and an
    // error without a listener would end the process, so the listener stays.
    client.on("error", (error: Error & { level?: string }) => {
      reject(describeFailure(error, { address, clientFingerprint, hostKeyProblem, options }));
    });
    client.once("close", () => reject(new OperationError(`${address} closed the connection.`)));
    client.connect({
      sock,
      username: "egs",
      // A parsed key keeps its repaired signing (`signing_key.ts`). ssh2 takes
      // one only through an auth method; the privateKey option needs text.
      authHandler: [
        { type: "publickey", username: "egs", key: privateKey } as ssh2.PublicKeyAuthMethod,
      ],
      readyTimeout: (options.readyTimeoutSeconds ?? 30) * 1000,
      algorithms: { cipher: preferredCiphers() },
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        checkHostKey(key, options.hostKey).then((verdict) => {
          if (!verdict.accepted) hostKeyProblem = verdict.reason;
          else if (verdict.pinned) {
            log.warn("Pinned the new host key {fingerprint} of {host} in {path}.", {
              fingerprint: fingerprintOfBlob(key),
              host: options.hostKey.hostNames[0],
              path: options.hostKey.knownHostsPath,
            });
          }
          verify(verdict.accepted);
        }, (error: Error) => {
          hostKeyProblem = `Cannot read ${options.hostKey.knownHostsPath}: ${error.message}`;
          verify(false);
        });
      },
    });
  });
  // Later connection errors reach the pending SFTP callbacks, so they are only logged here.
  client.on("error", (error: Error) => {
    log.error("The SSH connection to {address} failed: {error}", { address, error: error.message });
  });
  log.debug("Connected to {address} as egs with {fingerprint}.", {
    address,
    fingerprint: clientFingerprint,
  });

  return {
    client,
    openSftp: () =>
      new Promise((resolve, reject) => {
        client.sftp((error, sftp) => {
          if (error) {
            reject(new OperationError(`Cannot open SFTP on ${address}: ${error.message}`));
            return;
          }
          widenReceiveWindow(client, sftp);
          resolve(sftp);
        });
      }),
    openFileChannel: () =>
      new Promise((resolve, reject) => {
        client.subsys("sftp", (error, channel) => {
          if (error) return reject(error);
          widenReceiveWindow(client, channel);
          SftpFileChannel.start(channel).then(resolve, reject);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        client.once("close", () => resolve());
        client.end();
      }),
  };
}

async function readIdentity(path: string): Promise<Buffer> {
  try {
    return Buffer.from(await Deno.readFile(path));
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "the file does not exist; run egs-tool initialize or pass --identity"
      : (error as Error).message;
    throw new UsageError(`Cannot read the client key ${path}: ${reason}.`, { cause: error });
  }
}

/** Parses the client key; a UsageError names the file when it is not a usable private key. */
function identityKey(text: Buffer, path: string): ssh2.ParsedKey {
  const key = parseSigningKey(text.toString("utf8"));
  if (key instanceof Error || !key.isPrivateKey()) {
    const reason = key instanceof Error ? key.message : "the private key is missing";
    throw new UsageError(
      `Invalid client key ${path}: ${reason}. Pass an unencrypted OpenSSH or PEM private key.`,
    );
  }
  return key;
}

function describeFailure(
  error: Error & { level?: string },
  context: {
    address: string;
    clientFingerprint: string;
    hostKeyProblem: string | undefined;
    options: ConnectGuestOptions;
  },
): OperationError {
  if (context.hostKeyProblem !== undefined) {
    return new OperationError(context.hostKeyProblem, { cause: error });
  }
  if (error.level === "client-authentication") {
    return new OperationError(
      `The guest at ${context.address} rejected the client key ${context.options.identityPath} ` +
        `(${context.clientFingerprint}) for user egs. Run egs-tool add-ssh-config to push the ` +
        `public key to the VM, or pass --identity with a key the guest trusts.`,
      { cause: error },
    );
  }
  if (error.level === "client-timeout") {
    return new OperationError(
      `Timed out waiting for the SSH handshake with ${context.address}: the peer accepted the ` +
        `connection but did not answer as an SSH server.`,
      { cause: error },
    );
  }
  return new OperationError(`SSH connection to ${context.address} failed: ${error.message}`, {
    cause: error,
  });
}
