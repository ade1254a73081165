/** The `growpart` module: grows the partitions of `growpart.devices` to fill their disks. */

import type { ModuleContext, ProvisioningModule } from "../provisioning/module.ts";
import { count } from "./_count.ts";

/**
 * Runs `growpart <disk> <number>` for each device of `growpart.devices`
 * (default `/`), a mount point or a `/dev/` partition. Under `--root` the
 * disks belong to the host, so the module only logs what it would grow.
 * A device that cannot be grown is logged and the next one is tried, as
 * cloud-init does.
 */
export const growpartModule: ProvisioningModule = {
  name: "growpart",
  stage: "network",
  frequency: "always",
  activatedBy: ["growpart"],
  async handle(context) {
    const growpart = context.config.growpart;
    if (growpart === undefined || growpart.mode === "off") {
      return { status: "unchanged", message: "growpart is off" };
    }
    if (growpart.mode === "gpart") {
      context.log.warning("growpart.mode gpart is not supported; no partition is grown.");
      return { status: "unchanged", message: "gpart is not supported" };
    }
    if (context.hostIsolated) {
      context.log.info(
        "Under --root no partition is grown; on a live system growpart would " +
          "grow the partitions of {devices}.",
        { devices: growpart.devices.join(", ") },
      );
      return { status: "unchanged", message: "skipped under --root" };
    }

    let grown = 0;
    for (const device of growpart.devices) {
      if (await growDevice(context, device)) grown++;
    }
    return grown > 0
      ? { status: "applied", message: `${count(grown, "partition")} grown` }
      : { status: "unchanged" };
  },
};

async function growDevice(context: ModuleContext, device: string): Promise<boolean> {
  const partition = device.startsWith("/dev/")
    ? device
    : await output(context, ["findmnt", "-n", "-o", "SOURCE", "--target", device]);
  const name = partition?.split("/").pop();
  const disk = partition && await output(context, ["lsblk", "-n", "-o", "PKNAME", partition]);
  const number = name && await context.platform.files.read(`/sys/class/block/${name}/partition`);
  if (!partition || !disk || !number) {
    context.log.warning("Cannot find the partition of growpart device {device}; it is skipped.", {
      device,
    });
    return false;
  }

  const argv = ["growpart", `/dev/${disk}`, new TextDecoder().decode(number).trim()];
  const result = await context.platform.processes.run({ kind: "argv", argv });
  if (result.code === 0) {
    context.log.info("Grew {partition} with {argv}.", { partition, argv });
    return true;
  }
  if (result.code === 1 && result.stdout.startsWith("NOCHANGE")) return false;
  context.log.warning("growpart failed for {partition}: exit code {code}.", {
    partition,
    argv,
    code: result.code,
    stderr: result.stderr.slice(-2000),
  });
  return false;
}

async function output(context: ModuleContext, argv: string[]): Promise<string | undefined> {
  const result = await context.platform.processes.run({ kind: "argv", argv });
  const text = result.stdout.trim().split("\n")[0]?.trim();
  return result.code === 0 && text ? text : undefined;
}
