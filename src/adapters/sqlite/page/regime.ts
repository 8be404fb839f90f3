import { EMBEDDED_SYMBOL, embeddedBars } from "../../embedded/sp500.ts";
import { barArrays, type BarArrays, type BarSize } from "../../../core/bar.ts";
import { analyzeRegimes, type RegimeAnalysis } from "../../../regime/analyze.ts";
import { labelText } from "../../../regime/labels.ts";
import { regimeSpans } from "../../../regime/spans.ts";
import { rulesRegimes } from "../../../regime/rules.ts";
import type { Db } from "../db.ts";
import { listSeries, queryBarArrays } from "../bars-repo.ts";
import { listModels } from "../models-repo.ts";
import { readModelsLive, type Prediction } from "./predictions.ts";
import { readRunnerRegimes, type RunnerRegimeRow } from "../runner-regimes-repo.ts";

export interface RegimeNow {
  readonly symbol: string;
  readonly barSize: BarSize;
  /** runner: published by a running (or the last) runner from the bars it trades on. */
  readonly source: "store" | "embedded" | "runner";
  /** Time of the last bar the regime was computed on (null: the runner has had no bar yet). */
  readonly asOf: number | null;
  readonly label: string | null;
  readonly probability: number | null;
  readonly since: number | null;
}

export interface RegimeView {
  /** The market index (SPX): HMM (2 states, filtered) and rules; null when no data. */
  readonly market: { readonly hmm: RegimeNow | null; readonly rules: RegimeNow | null } | null;
  /** Rules regime of each symbol the runner trades (as it published them), then of each other stored series' symbol (its longest series). */
  readonly symbols: readonly RegimeNow[];
  /** The trained models; live: from the predictions runners stored (predictions.ts), hit rate null when none is scored yet. */
  readonly models: readonly {
    readonly id: string; readonly kind: string; readonly auc: number | null; readonly promoted: boolean; readonly createdAt: number;
    readonly hitRate: number | null; readonly scored: number; readonly lastPredictions: readonly Prediction[];
  }[];
  readonly computedAt: number;
}

const INDEX = EMBEDDED_SYMBOL;
const MAX_SYMBOLS = 30;
/** Regimes move on bar closes: recomputing more often than this costs scans for nothing. */
const REFRESH_MS = 30_000;

/** The Regime & Models panel's data from the store, recomputed at most every 30 s; the HMM fit is kept while its bars are unchanged. */
export class RegimeReader {
  #last: RegimeView | undefined;
  #fit: { key: string; analysis: RegimeAnalysis } | undefined;

  read(db: Db, now: number): RegimeView {
    if (this.#last && now - this.#last.computedAt < REFRESH_MS) return this.#last;
    const series = listSeries(db);
    const longest = new Map<string, (typeof series)[number]>();
    for (const s of series) if ((longest.get(s.symbol)?.count ?? 0) < s.count) longest.set(s.symbol, s);
    const indexStored = series.find((s) => s.symbol === INDEX && s.barSize === "1d");
    const indexBars: { columns: BarArrays; source: "store" | "embedded" } = indexStored
      ? { columns: queryBarArrays(db, { symbol: INDEX, barSize: "1d" }), source: "store" }
      : { columns: barArrays(embeddedBars()), source: "embedded" };
    const runner = readRunnerRegimes(db)?.value;
    const fromRunner = (r: RunnerRegimeRow): RegimeNow => ({ symbol: r.symbol, barSize: runner!.barSize, source: "runner", asOf: r.asOf, label: r.label, probability: null, since: r.since });
    const market = indexBars.columns.time.length > 0
      ? { hmm: this.#hmm(indexBars.columns, indexBars.source), rules: runner?.market ? fromRunner(runner.market) : rulesNow(INDEX, "1d", indexBars.columns, indexBars.source) }
      : null;
    const traded = runner?.symbols.map(fromRunner) ?? [];
    const tradedSet = new Set(traded.map((r) => r.symbol));
    const symbols = [...traded, ...[...longest.values()]
      .filter((s) => s.symbol !== INDEX && !tradedSet.has(s.symbol))
      .slice(0, MAX_SYMBOLS)
      .map((s) => rulesNow(s.symbol, s.barSize, queryBarArrays(db, { symbol: s.symbol, barSize: s.barSize }), "store"))];
    const live = readModelsLive(db);
    const models = listModels(db).map((m) => {
      const l = live.get(m.id);
      return { id: m.id, kind: m.kind, auc: m.auc, promoted: m.promoted, createdAt: m.createdAt, hitRate: l?.hitRate ?? null, scored: l?.scored ?? 0, lastPredictions: l?.last ?? [] };
    });
    this.#last = { market, symbols, models, computedAt: now };
    return this.#last;
  }

  #hmm(c: BarArrays, source: "store" | "embedded"): RegimeNow | null {
    const n = c.time.length;
    const key = `${source}:${n}:${c.time[n - 1]}`;
    if (this.#fit?.key !== key) {
      const result = analyzeRegimes({ time: c.time, close: c.close, method: "hmm", states: 2, barsPerYear: 252 });
      if (!result.ok) return null;
      this.#fit = { key, analysis: result.analysis };
    }
    const cur = this.#fit.analysis.current;
    return { symbol: INDEX, barSize: "1d", source, asOf: c.time[n - 1]!, label: cur?.label ?? null, probability: cur?.probability ?? null, since: cur?.since ?? null };
  }
}

function rulesNow(symbol: string, barSize: BarSize, c: BarArrays, source: "store" | "embedded"): RegimeNow {
  const labels = rulesRegimes(c.close);
  const steps = labels.map((l, i) => ({ time: c.time[i]!, state: l.trend && l.vol ? 0 : -1, text: l.trend && l.vol ? labelText(l) : undefined }));
  // Spans of the same label: state = index into the distinct texts.
  const texts = [...new Set(steps.map((s) => s.text).filter((t): t is string => t !== undefined))];
  const spans = regimeSpans(steps.map((s) => ({ time: s.time, state: s.text === undefined ? -1 : texts.indexOf(s.text) })), texts);
  const last = spans.at(-1);
  const lastStep = steps.at(-1);
  const current = last && lastStep?.text !== undefined && last.to === lastStep.time ? last : undefined;
  return { symbol, barSize, source, asOf: c.time[c.time.length - 1] ?? 0, label: current?.label ?? null, probability: null, since: current?.from ?? null };
}
