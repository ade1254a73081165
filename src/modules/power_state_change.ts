/** The `power_state_change` module: reboot, power off or halt at the end of provisioning. */

import type { TypedPowerState } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { ModuleContext, ProvisioningModule } from "../provisioning/module.ts";
import { shellQuote } from "./_shell_quote.ts";

/**
 * Applies `power_state` when its `condition` is met: true, or a command run
 * through the platform that exits 0 within `timeout` seconds. A command still
 * running then counts as not met. With a `delay` in minutes, the platform
 * schedules the action and the run goes on to its end. Without one, `reboot`
 * becomes a reboot request that the runner performs after the module, and
 * `poweroff` or `halt` go to the platform at once. Under `--root` nothing acts
 * on the host, so the request is only recorded.
 */
export const powerStateChangeModule: ProvisioningModule = {
  name: "power_state_change",
  stage: "final",
  frequency: "per-instance",
  activatedBy: ["power_state"],
  async handle(context) {
    const power = context.config.powerState;
    if (power === undefined) return { status: "unchanged", message: "no power_state" };

    if (!await conditionHolds(context, power)) {
      context.log.info("power_state.condition is not met; no {mode}.", { mode: power.mode });
      return { status: "unchanged", message: "condition not met" };
    }

    const reason = power.message ?? `power_state ${power.mode}`;
    const delayMinutes = power.delayMinutes;
    context.log.info("power_state requests {mode} in {delay} minutes: {reason}", {
      mode: power.mode,
      delay: delayMinutes,
      reason,
    });
    const when = delayMinutes > 0 ? ` in ${delayMinutes} minutes` : "";

    if (context.hostIsolated) {
      if (power.mode === "reboot") return context.requestReboot(reason, "continue");
      context.log.warning(
        "Under --root the host is never powered off; power_state {mode} is recorded only.",
        { mode: power.mode, delay: delayMinutes },
      );
      return {
        status: "applied",
        message: `${power.mode}${when} recorded, not performed under --root`,
      };
    }
    if (power.mode === "reboot" && delayMinutes === 0) {
      return context.requestReboot(reason, "continue");
    }
    const options = { delayMinutes };
    if (power.mode === "reboot") await context.platform.power.reboot(reason, options);
    else if (power.mode === "poweroff") await context.platform.power.powerOff(reason, options);
    else await context.platform.power.halt(reason, options);
    return { status: "applied", message: `${power.mode}${when}` };
  },
};

async function conditionHolds(context: ModuleContext, power: TypedPowerState): Promise<boolean> {
  const condition = power.condition;
  if (typeof condition === "boolean") return condition;
  const command = typeof condition === "string"
    ? condition
    : shellQuote(condition.map((word) => String(word)));
  const result = await context.platform.processes.run(
    { kind: "shell", command },
    {
      timeoutSeconds: power.timeoutSeconds > 0 ? power.timeoutSeconds : undefined,
      logAs: "power_state.condition",
    },
  );
  context.log.info("power_state.condition exited with {code}.", { code: result.code });
  return result.code === 0;
}
