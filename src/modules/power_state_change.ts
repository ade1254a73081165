/** The `power_state_change` module: reboot, power off or halt at the end of provisioning. */

import type { TypedPowerState } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { ModuleContext, ProvisioningModule } from "../provisioning/module.ts";
import { shellQuote } from "./_shell_quote.ts";

/**
 * Applies `power_state` when its `condition` is met (true, or a command that
 * exits 0). `reboot` becomes a reboot request, which the runner records under
 * `--root` and performs on a live system. `poweroff` and `halt` go to the
 * platform on a live system; under `--root` they are only logged.
 */
export const powerStateChangeModule: ProvisioningModule = {
  name: "power_state_change",
  stage: "final",
  frequency: "per-instance",
  activatedBy: ["power_state"],
  async handle(context) {
    const power = context.config.powerState;
    if (power === undefined) return { status: "unchanged", message: "no power_state" };

    if (!await conditionHolds(context, power.condition)) {
      context.log.info("power_state.condition is not met; no {mode}.", { mode: power.mode });
      return { status: "unchanged", message: "condition not met" };
    }

    const reason = power.message ?? `power_state ${power.mode}`;
    context.log.info("power_state requests {mode} (delay {delay} minutes): {reason}", {
      mode: power.mode,
      delay: power.delayMinutes,
      reason,
    });
    if (power.mode === "reboot") return context.requestReboot(reason, "continue");

    if (context.hostIsolated) {
      context.log.warning(
        "Under --root the host is never powered off; power_state {mode} is " +
          "recorded only.",
        { mode: power.mode },
      );
      return { status: "applied", message: `${power.mode} recorded, not performed under --root` };
    }
    // NOTE: delay and timeout are not applied; the platform acts at once.
    if (power.mode === "poweroff") await context.platform.power.powerOff(reason);
    else await context.platform.power.halt(reason);
    return { status: "applied", message: power.mode };
  },
};

async function conditionHolds(
  context: ModuleContext,
  condition: TypedPowerState["condition"],
): Promise<boolean> {
  if (typeof condition === "boolean") return condition;
  const command = typeof condition === "string"
    ? condition
    : shellQuote(condition.map((word) => String(word)));
  const result = await context.platform.processes.run({ kind: "shell", command });
  context.log.info("power_state.condition exited with {code}.", { code: result.code });
  return result.code === 0;
}
