import { isReducing } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

export interface KillSwitchOptions {
  /** Let orders that only shrink a holding through (stop-loss exits). Default false: nothing goes out. */
  readonly allowReducing?: boolean;
}

/** While the kill switch is on, no new order goes out. */
export function killSwitch(options: KillSwitchOptions = {}): RiskRule {
  return {
    name: "kill-switch",
    check(request, ctx) {
      if (!ctx.killSwitch.on) return ACCEPTED;
      if (options.allowReducing && isReducing(request, ctx)) return ACCEPTED;
      const why = ctx.killSwitch.reason ? ` (${ctx.killSwitch.reason})` : "";
      return refuse("kill-switch", request, { limit: "off", actual: "on", message: `the kill switch is on${why}; turn it off with 'robotrader kill-switch off'` });
    },
  };
}
