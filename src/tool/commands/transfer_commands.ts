/**
 * Registers `upload-file`, `download-file`, `upload-directory` and
 * `download-directory` on egs-tool. The transfer code is imported only when
 * one of them runs.
 */

import type { Command } from "@commander-js/extra-typings";
import type { TransferDirection, TransferKind } from "./transfer_run.ts";

/** Options every transfer command accepts; `transport` is egs-tool's global `--transport`. */
export interface TransferCommandOptions {
  transport?: string;
  identity?: string;
  knownHosts?: string;
  acceptNew?: boolean;
  overwrite?: boolean;
  recursive?: boolean;
}

const COMMANDS: ReadonlyArray<{
  name: string;
  kind: TransferKind;
  direction: TransferDirection;
  operands: [string, string];
  description: string;
}> = [
  {
    name: "upload-file",
    kind: "file",
    direction: "upload",
    operands: ["<local>", "<remote>"],
    description: "copy a local file to the guest (into <remote> when it is a directory)",
  },
  {
    name: "download-file",
    kind: "file",
    direction: "download",
    operands: ["<remote>", "<local>"],
    description: "copy a file from the guest (into <local> when it is a directory)",
  },
  {
    name: "upload-directory",
    kind: "directory",
    direction: "upload",
    operands: ["<local-dir>", "<remote-dir>"],
    description: "copy the contents of a local directory into a directory on the guest",
  },
  {
    name: "download-directory",
    kind: "directory",
    direction: "download",
    operands: ["<remote-dir>", "<local-dir>"],
    description: "copy the contents of a directory on the guest into a local directory",
  },
];

/** Adds the four transfer commands to `program`. */
export function registerTransferCommands(program: Command<[], Record<string, unknown>>): void {
  for (const spec of COMMANDS) {
    const command = program.command(spec.name)
      .description(spec.description)
      .argument("<VM-ID>", "Hyper-V VM GUID, or cid:<N> for a vsock guest")
      .argument(spec.operands[0], "source path")
      .argument(spec.operands[1], "target path")
      .option("--identity <file>", "client private key (default: the key egs-tool initialize made)")
      .option("--known-hosts <file>", "known_hosts file with the guest's pinned host key")
      .option("--accept-new", "pin the guest's host key when none is pinned yet")
      .option("--overwrite", "replace existing target files");
    if (spec.kind === "directory") {
      command.option(
        "--recursive",
        "descend into subdirectories (without it only top-level files are copied)",
      );
    }
    command.action(async (vmId, source, target, _options, self) => {
      const { runTransfer } = await import("./transfer_run.ts");
      const options = self.optsWithGlobals() as TransferCommandOptions;
      await runTransfer({
        kind: spec.kind,
        direction: spec.direction,
        vmId,
        source,
        target,
        options,
      });
    });
  }
}
