/**
 * The provisioning stage names, apart from the settings schema, so the command
 * line can list them without loading zod.
 */

/** Stage names accepted by `--stage` and under `stages.<Stage>`. */
export const STAGES = ["local", "network", "config", "final"] as const;
/** One provisioning stage. */
export type Stage = typeof STAGES[number];
