/**
 * The MIME content types cloud-init gives meaning to, and the first-line
 * markers that select them when a part does not declare its type.
 */

/** Content type names used across the pipeline. */
export const ContentType = {
  cloudConfig: "text/cloud-config",
  cloudConfigArchive: "text/cloud-config-archive",
  cloudConfigJsonp: "text/cloud-config-jsonp",
  shellScript: "text/x-shellscript",
  shellScriptPerBoot: "text/x-shellscript-per-boot",
  shellScriptPerInstance: "text/x-shellscript-per-instance",
  shellScriptPerOnce: "text/x-shellscript-per-once",
  includeUrl: "text/x-include-url",
  includeOnceUrl: "text/x-include-once-url",
  boothook: "text/cloud-boothook",
  jinja: "text/jinja2",
  partHandler: "text/part-handler",
  notMultipart: "text/x-not-multipart",
  plain: "text/plain",
} as const;

/** Types whose declared value is replaced by the type the first line names, as cloud-init does. */
export const SNIFFED_TYPES: readonly string[] = [
  ContentType.plain,
  ContentType.notMultipart,
  ContentType.shellScript,
];

/** Script content types and the frequency each one implies. */
export const SCRIPT_TYPES: Readonly<Record<string, "always" | "per-instance" | "once">> = {
  [ContentType.shellScript]: "per-instance",
  [ContentType.shellScriptPerBoot]: "always",
  [ContentType.shellScriptPerInstance]: "per-instance",
  [ContentType.shellScriptPerOnce]: "once",
};

/** Declared types that mean "gzip-compressed, real type unknown" (cloud-init's list). */
export const GZIP_TYPES: readonly string[] = [
  "application/gzip",
  "application/gzip-compressed",
  "application/gzipped",
  "application/x-compress",
  "application/x-compressed",
  "application/x-gunzip",
  "application/x-gzip",
  "application/x-gzip-compressed",
];

/**
 * First-line markers, longest first so `#include-once` wins over `#include`.
 * Matching ignores case and leading whitespace. The `#ps1*` and `rem cmd`
 * markers come from cloudbase-init, the Windows agent, and select a script.
 */
export const FIRST_LINE_MARKERS: readonly (readonly [string, string])[] = [
  ["#cloud-config-archive", ContentType.cloudConfigArchive],
  ["#cloud-config-jsonp", ContentType.cloudConfigJsonp],
  ["#ps1_sysnative", ContentType.shellScript],
  ["#cloud-boothook", ContentType.boothook],
  ["## template: jinja", ContentType.jinja],
  ["#include-once", ContentType.includeOnceUrl],
  ["#cloud-config", ContentType.cloudConfig],
  ["#part-handler", ContentType.partHandler],
  ["#ps1_x86", ContentType.shellScript],
  ["#include", ContentType.includeUrl],
  ["rem cmd", ContentType.shellScript],
  ["#ps1", ContentType.shellScript],
  ["#!", ContentType.shellScript],
];
