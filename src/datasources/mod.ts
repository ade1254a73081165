/** Provisioning datasources and the locator that picks one. */

export * from "./types.ts";
export {
  createProbeContext,
  type ProbeContext,
  type ProbeContextOptions,
} from "./probe_context.ts";
export {
  type DataSourceSettings,
  DEFAULT_IMDS_URL,
  readDataSourceSettings,
} from "./datasource_settings.ts";
export {
  ALL_DATA_SOURCES,
  locateDataSource,
  type LocatorClock,
  type NoDataSource,
  selectDataSources,
} from "./locate_data_source.ts";
export { AZURE_CHASSIS_ASSET_TAG, azureDataSource } from "./azure.ts";
export { noCloudDataSource } from "./no_cloud.ts";
export { configDriveDataSource, OPENSTACK_VERSIONS } from "./config_drive.ts";
export { hyperVKvpDataSource } from "./hyperv_kvp.ts";
export {
  DEFAULT_KVP_PREFIX,
  KVP_MAX_VALUE_UNITS,
  KVP_PAYLOAD_NAMES,
  kvpPayloadKey,
  readKvpPayload,
  splitForKvp,
  staleKvpPayloadKeys,
} from "./kvp_payload.ts";
export { convertNetworkData } from "./convert_network_data.ts";
export type { CommandRunner } from "./command_runner.ts";
export type { Mounter } from "./mounter.ts";
