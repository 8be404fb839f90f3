import type { Db } from "../../adapters/sqlite/db.ts";
import { getRunSetup, listRecordedRuns, readRunInputs, runInputGaps, type RecordedRun } from "../../adapters/sqlite/run-inputs-repo.ts";
import { getRun } from "../../adapters/sqlite/runs-repo.ts";
import { replayRun, type ReplayResult } from "../../backtest/replay/run.ts";
import type { RecordedSetup } from "../../backtest/replay/setup.ts";
import { UserError } from "../../core/errors.ts";
import { MARKET_INDEX } from "../../engine/market-view.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import { combineStrategies } from "../../strategy/combine.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import { resolveStrategy } from "../strategy/resolve.ts";

export interface ReplayReport extends ReplayResult {
  readonly run: number;
  /** What this replay cannot reproduce (an older recording without the data-only index's bars). */
  readonly warnings: readonly string[];
}

export interface ReplayRequest {
  readonly runId: number;
  /** Replays with a changed setup (tests, what-if): the first order it changes is reported. */
  readonly change?: (setup: RecordedSetup) => RecordedSetup;
  /** The strategy built beforehand (a strategy file, several strategies: recordedStrategy). */
  readonly strategy?: ConfiguredStrategy | undefined;
}

/** `robotrader replay RUN_ID`: the recorded run's inputs through the backtest driver, orders compared. */
export function replayRecorded(db: Db, request: ReplayRequest): ReplayReport {
  const { runId } = request;
  const run = getRun(db, runId);
  if (!run) throw new UserError(`replay: there is no run ${runId} (robotrader runs list shows the recorded ones)`);
  const stored = getRunSetup(db, runId);
  if (stored === undefined) throw new UserError(`replay: run ${runId} (${run.kind}) has no recording: only runs of robotrader run record their inputs (robotrader runs list shows them)`);
  const setup = (request.change ?? ((s) => s))(checkSetup(stored, runId));
  const [gap] = runInputGaps(db, runId);
  if (gap) throw new UserError(`replay: run ${runId}'s recording has a gap (inputs ${gap.from}..${gap.to} were never written: the run logged why); it cannot be replayed exactly`);
  const inputs = readRunInputs(db, runId);
  let strategy = request.strategy;
  try {
    strategy ??= configureStrategy(setup.strategy.name, setup.strategy.params);
  } catch (error) {
    throw new UserError(`replay: run ${runId}'s strategy ${setup.strategy.name} cannot be built here: ${(error as Error).message}`);
  }
  return { run: runId, ...replayRun({ inputs, setup, strategy }), warnings: missingIndex(setup, runId) };
}

/**
 * A run whose market regime filter followed the index as data only, recorded before runs kept
 * that index's bars: the replay has no market regime, so it refuses the entries the filter
 * allowed in the run (it replays as such recordings always did).
 */
function missingIndex(setup: RecordedSetup, runId: number): string[] {
  const filter = setup.setup?.regimeFilter;
  if (filter?.source !== "market" || setup.symbols.includes(MARKET_INDEX) || setup.dataOnly !== undefined) return [];
  return [
    `run ${runId} was recorded before runs kept the bars of the market index ${MARKET_INDEX} (followed as data only for --regime-filter ${filter.filter}): ` +
      `this replay has no market regime, so the filter refuses entries the run may have made`,
  ];
}

/**
 * A recorded run's strategy when building it needs more than the registry: a strategy file
 * (loaded again from its path) or several strategies (each from its source, with its name,
 * symbols, limits and opening positions). Undefined for a built-in (replayRecorded builds it).
 */
export async function recordedStrategy(db: Db, runId: number): Promise<ConfiguredStrategy | undefined> {
  const stored = getRunSetup(db, runId) as Partial<RecordedSetup> | null | undefined;
  const s = stored?.strategy;
  if (s === undefined || (s.file === undefined && s.members === undefined)) return undefined;
  const build = async (source: string, name: string, params: Readonly<Record<string, unknown>>): Promise<ConfiguredStrategy> => {
    try {
      const configured = (await resolveStrategy(source)).configure(params);
      return configured.name === name ? configured : { ...configured, name };
    } catch (error) {
      throw new UserError(`replay: run ${runId}'s strategy ${name} (${source}) cannot be built here: ${(error as Error).message}`, { cause: error });
    }
  };
  if (s.members === undefined) return await build(s.file!, s.name, s.params);
  const members = [];
  for (const m of s.members) {
    members.push({ strategy: await build(m.source, m.name, m.params), symbols: m.symbols, source: m.source, ...(m.limits ? { limits: m.limits } : {}), ...(m.held ? { held: m.held } : {}) });
  }
  return combineStrategies(members);
}

export function recordedRuns(db: Db): RecordedRun[] {
  return listRecordedRuns(db);
}

/** The stored setup JSON, checked for the fields a replay needs. */
function checkSetup(value: unknown, runId: number): RecordedSetup {
  const s = value as Partial<RecordedSetup> | null;
  const missing = (["strategy", "symbols", "direction", "sizing", "exits", "books"] as const).filter((k) => s?.[k] === undefined);
  if (s === null || typeof s !== "object" || missing.length > 0) {
    throw new UserError(`replay: run ${runId}'s stored setup lacks ${missing.join(", ") || "everything"}; it was recorded by another version of robotrader`);
  }
  if (s.dataOnly !== undefined && !(Array.isArray(s.dataOnly) && s.dataOnly.every((x) => typeof x === "string"))) {
    throw new UserError(`replay: run ${runId}'s stored setup has dataOnly ${JSON.stringify(s.dataOnly)}, not a list of symbols; the recording cannot be replayed as it was`);
  }
  return s as RecordedSetup;
}
