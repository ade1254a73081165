/** File and directory transfer between this host and a guest over SFTP. */

export { DEFAULT_PIPELINE, downloadFile, type PipelineSettings, uploadFile } from "./copy_file.ts";
export { checkDirectoryTarget, decideFileTarget, type ExistingKind } from "./overwrite_rule.ts";
export { isSafeEntryName, joinSftpPath, toLocalPath, toSftpPath } from "./path_forms.ts";
export { createProgress, formatBytes, SILENT_PROGRESS, type TransferProgress } from "./progress.ts";
export { SftpCalls } from "./sftp_calls.ts";
export {
  type DirectoryTransferSettings,
  type DirectoryTransferSummary,
  downloadDirectory,
  uploadDirectory,
} from "./transfer_directory.ts";
export {
  downloadSingleFile,
  type FileTransferResult,
  type TransferSettings,
  uploadSingleFile,
} from "./transfer_file.ts";
export { buildTransferPlan, type SkippedEntry, type TransferPlan } from "./transfer_plan.ts";
export type { TreeEntry } from "./tree_entry.ts";
