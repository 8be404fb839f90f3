import type { Bar } from "../../core/bar.ts";
import { createIndicator, resolveIndicator } from "../../indicators/index.ts";
import { LogReturnCore } from "../../indicators/custom/returns.ts";
import type { StreamingIndicator } from "../../indicators/types.ts";
import type { FeatureSpec } from "./spec.ts";
import type { RegimeLabel } from "../../regime/labels.ts";
import { StreamingRulesRegime } from "../../regime/streaming-rules.ts";

const TREND_CODE = { bear: -1, sideways: 0, bull: 1 } as const;
const VOL_CODE = { "low-vol": 0, "normal-vol": 1, "high-vol": 2 } as const;

/** Two columns (trend, volatility band) of a streaming rules regime; the first updates it. */
function regimeColumns(add: (name: string, col: Column) => void, prefix: string, pick: (bar: Bar, market: Bar | undefined) => Bar | undefined): void {
  const regime = new StreamingRulesRegime();
  let label: RegimeLabel = { trend: undefined, vol: undefined };
  add(`${prefix}_trend`, (b, mk) => {
    const bar = pick(b, mk);
    if (!bar) return NaN;
    regime.update(bar.close);
    label = regime.label();
    return label.trend === undefined ? NaN : TREND_CODE[label.trend];
  });
  add(`${prefix}_vol`, (b, mk) => (pick(b, mk) && label.vol !== undefined ? VOL_CODE[label.vol] : NaN));
}

/** Indicators whose values are price levels: the feature is value / close - 1. */
const PRICE_LEVEL = new Set([
  "sma", "ema", "wma", "dema", "tema", "trima", "kama", "t3", "ma", "bbands", "midpoint", "midprice", "sar",
  "linearreg", "linearreg_intercept", "tsf", "max", "min", "medprice", "typprice", "wclprice", "avgprice",
]);
/** Indicators in price units (differences): the feature is value / close. */
const PRICE_UNITS = new Set(["macd", "macdfix", "apo", "mom", "atr", "trange", "stddev", "plus_dm", "minus_dm", "linearreg_slope"]);

type Column = (bar: Bar, market: Bar | undefined) => number;

/**
 * Feature values bar by bar: feed each bar (and the market index's bar of the same time when
 * the spec has cross-asset features) and read one row. NaN while any input is warming up or
 * unknown. Batch computation runs this same code over stored bars, so training and live
 * trading compute the same numbers.
 */
export class FeatureStream {
  readonly names: readonly string[];
  readonly #columns: readonly Column[];
  readonly #row: Float64Array;

  constructor(spec: FeatureSpec) {
    const names: string[] = [];
    const columns: Column[] = [];
    const add = (name: string, col: Column) => {
      names.push(name);
      columns.push(col);
    };
    // Each indicator is updated once per bar by its first column; later outputs read value(k).
    for (const id of spec.indicators) {
      const res = resolveIndicator(id);
      if (!res.ok) throw new RangeError(res.error);
      const ind: StreamingIndicator = createIndicator(id);
      const scale = PRICE_LEVEL.has(res.spec.def.name) ? "level" : PRICE_UNITS.has(res.spec.def.name) ? "units" : "raw";
      ind.outputs.forEach((out, k) => {
        const name = ind.outputs.length === 1 ? ind.id : `${ind.id}.${out}`;
        add(name, (bar) => {
          const v = k === 0 ? ind.update(bar) : ind.value(k);
          return scale === "level" ? v / bar.close - 1 : scale === "units" ? v / bar.close : v;
        });
      });
    }
    for (const h of spec.returns) {
      const r = new LogReturnCore(h);
      add(`ret_${h}`, (bar) => r.push(bar.close));
    }
    for (const w of spec.volatility) add(`vol_${w}`, rollingStd(w, (bar) => bar.close));
    for (const w of spec.volumeZ) add(`volz_${w}`, volumeZ(w));
    if (spec.barShape) {
      const share = (bar: Bar, part: number) => (bar.high > bar.low ? part / (bar.high - bar.low) : 0);
      add("bar_body", (b) => share(b, b.close - b.open));
      add("bar_upper_wick", (b) => share(b, b.high - Math.max(b.open, b.close)));
      add("bar_lower_wick", (b) => share(b, Math.min(b.open, b.close) - b.low));
      add("bar_range", (b) => (b.high - b.low) / b.close);
    }
    if (spec.calendar) {
      add("day_of_week", (b) => new Date(b.time).getUTCDay());
      add("month", (b) => new Date(b.time).getUTCMonth() + 1);
    }
    const m = spec.market;
    if (m) {
      for (const h of m.returns) {
        const r = new LogReturnCore(h);
        add(`mkt_ret_${h}`, (_b, mk) => (mk ? r.push(mk.close) : NaN));
      }
      const vol = rollingStd(m.volatility, (b) => b.close);
      add(`mkt_vol_${m.volatility}`, (_b, mk) => (mk ? vol(mk, undefined) : NaN));
      const own = new LogReturnCore(m.strength), mkt = new LogReturnCore(m.strength);
      add(`rel_strength_${m.strength}`, (b, mk) => {
        const a = own.push(b.close);
        return mk ? a - mkt.push(mk.close) : NaN;
      });
    }
    if (spec.regime) {
      regimeColumns(add, "regime", (b) => b);
      if (m) regimeColumns(add, "mkt_regime", (_b, mk) => mk);
    }
    this.names = names;
    this.#columns = columns;
    this.#row = new Float64Array(names.length);
  }

  /** Feeds one bar; returns the row (reused between calls: copy it to keep it). */
  update(bar: Bar, market?: Bar): Float64Array {
    for (let k = 0; k < this.#columns.length; k++) this.#row[k] = this.#columns[k]!(bar, market);
    return this.#row;
  }
}

/** Sample standard deviation of the last n one-bar log returns of a price. */
function rollingStd(n: number, price: (b: Bar) => number): Column {
  const ret = new LogReturnCore(1);
  const window = new Float64Array(n);
  let count = 0, at = 0;
  return (bar) => {
    const r = ret.push(price(bar));
    if (r !== r) return NaN;
    window[at] = r;
    at = (at + 1) % n;
    count = Math.min(count + 1, n);
    if (count < n || n < 2) return NaN;
    return sampleSd(window, meanOf(window));
  };
}

/** (volume - mean) / sd over the last n bars, this bar included; NaN when volume is flat. */
function volumeZ(n: number): Column {
  const window = new Float64Array(n);
  let count = 0, at = 0;
  return (bar) => {
    window[at] = bar.volume;
    at = (at + 1) % n;
    count = Math.min(count + 1, n);
    if (count < n) return NaN;
    const mean = meanOf(window);
    const sd = sampleSd(window, mean);
    return sd > 0 ? (bar.volume - mean) / sd : NaN;
  };
}

function meanOf(window: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < window.length; i++) sum += window[i]!;
  return sum / window.length;
}

/** Sample standard deviation (n - 1) of a full window around its mean. */
function sampleSd(window: Float64Array, mean: number): number {
  let ss = 0;
  for (let i = 0; i < window.length; i++) ss += (window[i]! - mean) ** 2;
  return Math.sqrt(ss / (window.length - 1));
}
