import type { Db } from "../../adapters/sqlite/db.ts";
import type { Bar, BarArrays, BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import { computeFeatures } from "../../ml/features/batch.ts";
import { FeatureStream } from "../../ml/features/stream.ts";
import { matrix } from "../../ml/models/matrix.ts";
import type { ProbabilityScorer, ProbabilitySource } from "../../strategy/ml/ml.ts";
import { withExistingStore } from "../data/store.ts";
import { loadUsableModel, promoted, type UsableModel } from "./registry.ts";

/**
 * The model `--strategy ml` uses: --model ID, else the promoted one; refused with the reason,
 * also when it was trained on bars of another size than `barSize` (its features, returns and
 * volatility over N bars, would mean something else).
 */
export function resolveMlModel(db: Db | undefined, dataDir: string, id: string | undefined, barSize?: BarSize): UsableModel {
  if (!db) throw new UserError("strategy ml: no store yet, so no trained model; run robotrader train first");
  const chosen = id ?? promoted(db)?.id;
  if (chosen === undefined) throw new UserError("strategy ml: no --model given and no model is promoted; robotrader models promote ID (see robotrader models list)");
  const model = loadUsableModel(db, dataDir, chosen);
  const trained = model.meta.data.barSize;
  if (barSize !== undefined && trained !== undefined && trained !== barSize) {
    throw new UserError(
      `strategy ml: model ${chosen} was trained on ${trained} bars, and these are ${barSize} bars: its features (returns, volatility and indicators over N bars) ` +
        `would mean something else. Trade ${trained} bars (--bar-size ${trained}; with run --sim also a higher --speed) or train on ${barSize} bars (robotrader train --bar-size ${barSize})`,
    );
  }
  return model;
}

/**
 * The model `--strategy ml` trades, as a streaming source (the same feature code as training,
 * fed bar by bar); a model whose features cannot be fed bar by bar is refused now, with the reason.
 */
export async function mlModelSource(config: { readonly dataDir: string }, id: string | undefined, barSize?: BarSize): Promise<ProbabilitySource> {
  const model = await withExistingStore(config, (db) => resolveMlModel(db, config.dataDir, id, barSize));
  return streamingSource(model);
}

/** For `run`: features computed bar by bar (the same code as training), one prediction per bar. */
export function streamingSource(m: UsableModel): ProbabilitySource {
  return {
    modelId: m.row.id,
    ...(m.spec.market ? { marketSymbol: m.spec.market.symbol } : {}),
    scorer(): ProbabilityScorer | string {
      const stream = new FeatureStream(m.spec);
      const x = matrix(1, stream.names.length);
      return {
        score(bar: Bar, market?: Bar): number {
          const row = stream.update(bar, market);
          for (let k = 0; k < row.length; k++) if (!Number.isFinite(row[k]!)) return NaN;
          x.data.set(row);
          return m.model.predict(x)[0]!;
        },
      };
    },
  };
}

/**
 * For backtests: every bar's prediction computed once, in batch, before the run (the same
 * features as streaming, see features.test.ts); the scorer looks the bar's time up.
 */
export function batchSource(m: UsableModel, series: ReadonlyMap<string, BarArrays>): ProbabilitySource {
  const cache = new Map<string, ProbabilityScorer | string>();
  return {
    modelId: m.row.id,
    ...(m.spec.market ? { marketSymbol: m.spec.market.symbol } : {}),
    scorer: (symbol) => cache.get(symbol) ?? cache.set(symbol, batchScorer(m, series, symbol)).get(symbol)!,
  };
}

function batchScorer(m: UsableModel, series: ReadonlyMap<string, BarArrays>, symbol: string): ProbabilityScorer | string {
  const bars = series.get(symbol);
  if (!bars) return "no bars were loaded for it";
  const index = m.spec.market?.symbol;
  const market = index !== undefined ? series.get(index) : undefined;
  if (index !== undefined && !market) return `its cross-asset features need ${index} among the symbols traded`;
  const table = computeFeatures(bars, m.spec, market);
  if (table.x.rows === 0) return `its ${bars.time.length} bars are too few to compute the model's features (warm-up)`;
  const p = m.model.predict(table.x);
  const byTime = new Map<number, number>();
  table.time.forEach((t, i) => byTime.set(t, p[i]!));
  return { score: (bar: Bar) => byTime.get(bar.time) ?? NaN };
}
