import * as v from "valibot";
import { BAR_SIZES } from "../../core/bar.ts";
import type { Db } from "./db.ts";
import { getState, setState } from "./state-repo.ts";

/** The `state` row a runner keeps its traded symbols' current rules regimes in (status page). */
export const RUNNER_REGIMES_KEY = "runner-regimes";

const RegimeRowSchema = v.object({
  symbol: v.string(),
  /** "bull low-vol" etc.; null while the regime is still warming up. */
  label: v.nullable(v.string()),
  /** Market time of the last bar the label was read after. */
  asOf: v.nullable(v.number()),
  /** Market time the runner first saw this label (null: it held when the runner first looked). */
  since: v.nullable(v.number()),
});
const RunnerRegimesSchema = v.object({
  /** The run's bar size (the labels are of these bars). */
  barSize: v.picklist(BAR_SIZES),
  market: v.nullable(RegimeRowSchema),
  symbols: v.array(RegimeRowSchema),
});
export type RunnerRegimeRow = v.InferOutput<typeof RegimeRowSchema>;
export type RunnerRegimes = v.InferOutput<typeof RunnerRegimesSchema>;

export function saveRunnerRegimes(db: Db, value: RunnerRegimes, at: number): void {
  setState(db, RUNNER_REGIMES_KEY, v.parse(RunnerRegimesSchema, value), at);
}

/** The runner's last published regimes, or undefined when none (or the row is unreadable). */
export function readRunnerRegimes(db: Db): { value: RunnerRegimes; updatedAt: number } | undefined {
  const row = getState(db, RUNNER_REGIMES_KEY);
  if (!row) return undefined;
  const parsed = v.safeParse(RunnerRegimesSchema, row.value);
  return parsed.success ? { value: parsed.output, updatedAt: row.updatedAt } : undefined;
}
