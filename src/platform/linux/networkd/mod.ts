/** systemd-networkd rendering of the network model. */

export * from "./render_networkd.ts";
export * from "./write_network_files.ts";
