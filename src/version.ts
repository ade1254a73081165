/** Version of both binaries, kept in step with `version` in deno.json. */
export const EGS_VERSION = "0.1.0";
