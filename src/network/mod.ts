/** The OS-neutral network model and the network-config v1/v2 parsers. */

export * from "./model.ts";
export * from "./parse_network_config.ts";
export * from "./parse_v1.ts";
export * from "./parse_v2.ts";
export * from "./rename_requests.ts";
