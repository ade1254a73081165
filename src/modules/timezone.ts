/** The `timezone` module: `/etc/timezone` and the `/etc/localtime` link, as cloud-init writes them on Debian. */

import { OperationError } from "../errors.ts";
import type { ProvisioningModule } from "../provisioning/module.ts";

const ZONEINFO = "/usr/share/zoneinfo";
const encoder = new TextEncoder();

/**
 * Sets `timezone`: checks that the zone file exists in the target, writes the
 * name to `/etc/timezone` and points `/etc/localtime` at the zone file with
 * `ln -sf`. Throws when the name is not a zone of the target.
 */
export const timezoneModule: ProvisioningModule = {
  name: "timezone",
  stage: "config",
  frequency: "per-instance",
  activatedBy: ["timezone"],
  async handle(context) {
    const zone = context.config.timezone?.trim();
    if (zone === undefined || zone === "") return { status: "unchanged", message: "no timezone" };

    const zoneFile = `${ZONEINFO}/${zone}`;
    const valid = /^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
    if (!valid || !await context.platform.files.exists(zoneFile)) {
      throw new OperationError(
        `Cannot set timezone "${zone}": ${zoneFile} does not exist in the target; ` +
          `use a name from ${ZONEINFO}, such as "Europe/Berlin" or "UTC".`,
      );
    }

    await context.platform.files.write("/etc/timezone", encoder.encode(`${zone}\n`), {
      mode: 0o644,
      owner: "root:root",
    });
    const argv = ["ln", "-sf", zoneFile, "/etc/localtime"];
    const result = await context.platform.processes.run({ kind: "argv", argv });
    if (result.code !== 0) {
      throw new OperationError(
        `Cannot link /etc/localtime to ${zoneFile}: ln exited with ${result.code}: ` +
          result.stderr.trim(),
      );
    }
    context.log.info("Set the timezone to {zone}.", { zone, argv });
    return { status: "applied", message: zone };
  },
};
