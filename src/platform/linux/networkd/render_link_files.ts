/**
 * systemd `.link` files for the NIC renames of a network model. cloud-init
 * leaves renames to udev rules; EGS writes `.link` files instead, so an image
 * prepared under `--root` renames its NICs on the first boot by itself.
 */

import type { NetworkModel } from "../../../network/model.ts";
import { renameRequests } from "../../../network/rename_requests.ts";
import { NETWORKD_DIR } from "./render_networkd.ts";
import { UnitFile } from "./_unit_file.ts";

/**
 * Renders one `10-cloud-init-<name>.link` per rename request (a NIC with both
 * a MAC address to match and a name to set), keyed by path relative to the
 * root. A NIC matched by MAC without a name to set gets none: it keeps its
 * name. The `10-` prefix sorts the files before the distribution's
 * `99-default.link`, which would otherwise name the NIC.
 */
export function renderLinkFiles(model: NetworkModel): Map<string, string> {
  const files = new Map<string, string>();
  for (const rename of renameRequests(model)) {
    const unit = new UnitFile();
    unit.set("Match", "MACAddress", rename.macAddress);
    unit.set("Link", "Name", rename.name);
    files.set(`${NETWORKD_DIR}/10-cloud-init-${rename.name}.link`, unit.toString());
  }
  return files;
}
