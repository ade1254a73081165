/**
 * Renderer of the network model into systemd-networkd files, named and laid
 * out as cloud-init's networkd renderer writes them, so images that expect
 * cloud-init's files behave the same.
 */

import { deviceLabel, type NetworkModel } from "../../../network/model.ts";
import { collectMemberLinks } from "./_member_links.ts";
import { renderNetdev } from "./_netdev.ts";
import { renderNetworkFile } from "./_network_file.ts";

/** Folder of the rendered files, relative to the target root. */
export const NETWORKD_DIR = "etc/systemd/network";

/**
 * Renders every device of `model` and returns the files keyed by their path
 * relative to the target root: `etc/systemd/network/10-cloud-init-<name>.network`
 * for each device, and a `.netdev` beside it for each bond, bridge and VLAN.
 * A NIC that keeps its OS-given name (matched without `set-name`) is named
 * after its id in the file name only.
 *
 * Renames are not rendered: the caller applies `renameRequests(model)` on
 * the running system. Throws RangeError when two devices render to the same path.
 */
export function renderNetworkd(model: NetworkModel): Map<string, string> {
  const files = new Map<string, string>();
  const links = collectMemberLinks(model);
  const add = (path: string, content: string) => {
    if (files.has(path)) {
      throw new RangeError(
        `Cannot render "${path}" twice: two devices have the same name. Give one of them another set-name or key.`,
      );
    }
    files.set(path, content);
  };

  for (const device of model.devices) {
    const base = `${NETWORKD_DIR}/10-cloud-init-${deviceLabel(device)}`;
    const deviceLinks = links.get(device.id) ?? { vlans: [] };
    add(`${base}.network`, renderNetworkFile(device, model, deviceLinks));
    const netdev = renderNetdev(device);
    if (netdev !== undefined) add(`${base}.netdev`, netdev);
  }
  return files;
}
