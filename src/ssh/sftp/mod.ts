/** The SFTP subsystem of the guest SSH server. */

export { serveSftp, type ServeSftpOptions } from "./serve_sftp.ts";
export { SFTP_EXTENSIONS } from "./extensions.ts";
