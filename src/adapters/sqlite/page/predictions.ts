import type { Db } from "../db.ts";

/** The signals row kind a model's prediction is stored as (value: { barTime, close, p, model }). */
export const PREDICTION_KIND = "prediction";
/** The hit rate is over (at most) this many of the newest predictions. */
export const HIT_RATE_WINDOW = 5_000;
const LAST_SHOWN = 5;

export interface Prediction {
  readonly symbol: string;
  readonly barTime: number;
  readonly close: number;
  readonly p: number;
}

export interface ModelLive {
  /** Predictions followed by a later bar's close of the same symbol (the ones a hit rate is known for). */
  readonly scored: number;
  /** Share of those where p >= 0.5 said "up" and the next close was higher (or p < 0.5 and it was not); null when none. */
  readonly hitRate: number | null;
  /** The newest predictions, newest first. */
  readonly last: readonly Prediction[];
}

/**
 * Each model's live record from its stored predictions (the newest HIT_RATE_WINDOW): per
 * symbol, consecutive predictions in bar order; a prediction is a hit when p >= 0.5 and the
 * next prediction's close is higher, or p < 0.5 and it is not.
 */
export function readModelsLive(db: Db): Map<string, ModelLive> {
  const rows = db.query("SELECT symbol, value FROM signals WHERE kind = $kind ORDER BY id DESC LIMIT $n").all({ kind: PREDICTION_KIND, n: HIT_RATE_WINDOW }) as { symbol: string; value: string | null }[];
  const byModel = new Map<string, Prediction[]>();
  for (const row of rows) {
    const v = row.value === null ? null : (JSON.parse(row.value) as Record<string, unknown>);
    if (!v || typeof v["model"] !== "string" || typeof v["barTime"] !== "number" || typeof v["close"] !== "number" || typeof v["p"] !== "number") continue;
    const list = byModel.get(v["model"]) ?? [];
    list.push({ symbol: row.symbol, barTime: v["barTime"], close: v["close"], p: v["p"] });
    byModel.set(v["model"], list);
  }
  const out = new Map<string, ModelLive>();
  for (const [model, newestFirst] of byModel) {
    const bySymbol = new Map<string, Prediction[]>();
    for (const p of newestFirst) {
      const list = bySymbol.get(p.symbol);
      if (list) list.push(p);
      else bySymbol.set(p.symbol, [p]);
    }
    let scored = 0;
    let hits = 0;
    for (const list of bySymbol.values()) {
      const ordered = list.sort((a, b) => a.barTime - b.barTime);
      for (let i = 0; i + 1 < ordered.length; i++) {
        const now = ordered[i]!, next = ordered[i + 1]!;
        if (next.barTime === now.barTime) continue;
        scored++;
        if ((now.p >= 0.5) === (next.close > now.close)) hits++;
      }
    }
    out.set(model, { scored, hitRate: scored > 0 ? hits / scored : null, last: newestFirst.slice(0, LAST_SHOWN) });
  }
  return out;
}
