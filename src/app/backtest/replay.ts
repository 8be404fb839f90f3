import type { Db } from "../../adapters/sqlite/db.ts";
import { getRunSetup, listRecordedRuns, readRunInputs, runInputGaps, type RecordedRun } from "../../adapters/sqlite/run-inputs-repo.ts";
import { getRun } from "../../adapters/sqlite/runs-repo.ts";
import { replayRun, type ReplayResult } from "../../backtest/replay/run.ts";
import type { RecordedSetup } from "../../backtest/replay/setup.ts";
import { UserError } from "../../core/errors.ts";
import { configureStrategy } from "../../strategy/registry.ts";

export interface ReplayReport extends ReplayResult {
  readonly run: number;
}

export interface ReplayRequest {
  readonly runId: number;
  /** Replays with a changed setup (tests, what-if): the first order it changes is reported. */
  readonly change?: (setup: RecordedSetup) => RecordedSetup;
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
  let strategy;
  try {
    strategy = configureStrategy(setup.strategy.name, setup.strategy.params);
  } catch (error) {
    throw new UserError(`replay: run ${runId}'s strategy ${setup.strategy.name} cannot be built here: ${(error as Error).message}`);
  }
  return { run: runId, ...replayRun({ inputs, setup, strategy }) };
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
  return s as RecordedSetup;
}
