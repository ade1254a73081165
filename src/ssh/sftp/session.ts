/** State shared by the request handlers of one SFTP session. */

import type { SFTPWrapper } from "ssh2";
import type { Logger } from "../../log/logging.ts";
import { type AccountNames, readAccountNames } from "./account_names.ts";
import { HandleTable } from "./handles.ts";

/** One SFTP session: the channel, the home directory and the open handles. */
export interface SftpSession {
  sftp: SFTPWrapper;
  /** Absolute directory that relative paths start from. */
  home: string;
  handles: HandleTable;
  log: Logger;
  /** Requests whose reply has not been sent yet. */
  pending: number;
  /** Whether the client has sent EOF, after which no requests arrive. */
  ended: boolean;
  /** User and group names for long names, read on first use. */
  accounts(): Promise<AccountNames>;
}

/** Creates the session state for `sftp`. */
export function createSession(sftp: SFTPWrapper, home: string, log: Logger): SftpSession {
  let accounts: Promise<AccountNames> | undefined;
  return {
    sftp,
    home,
    handles: new HandleTable(),
    log,
    pending: 0,
    ended: false,
    accounts: () => accounts ??= readAccountNames(),
  };
}
