import { UserError } from "./errors.ts";

/** How many shares a new position gets. One of the --qty/--cash-per-trade/--pct-equity/--vol-target flags. */
export type Sizing =
  | { readonly kind: "qty"; readonly qty: number }
  | { readonly kind: "cash"; readonly amount: number }
  | { readonly kind: "pct-equity"; readonly pct: number }
  /** Annualized volatility target in percent; realized volatility over `lookback` bars. */
  | { readonly kind: "vol-target"; readonly pct: number; readonly lookback: number }
  /** Correlation-aware inverse volatility over the universe (core/portfolio-weights), from a shrunk rolling covariance. */
  | { readonly kind: "risk-parity"; readonly lookback: number }
  /** risk-parity weights scaled so the portfolio's annualized volatility is `pct` percent, at most 100% of equity. */
  | { readonly kind: "target-vol"; readonly pct: number; readonly lookback: number };

/** Sizing kinds that need the whole universe's covariance (the engine keeps a RollingCovariance). */
export function needsCovariance(sizing: Sizing): sizing is Extract<Sizing, { kind: "risk-parity" | "target-vol" }> {
  return sizing.kind === "risk-parity" || sizing.kind === "target-vol";
}

export interface SizingInput {
  /** Price the size is computed at (the signal bar's close). */
  readonly price: number;
  readonly equity: number;
  /** Annualized realized volatility of the symbol as a fraction (0.2 = 20%), NaN when unknown. */
  readonly volatility: number;
  /** risk-parity / target-vol: this symbol's share of equity from the portfolio weights, NaN when unknown. */
  readonly weight?: number;
}

/** Whole shares for a new position; 0 when the inputs do not allow one (unknown volatility, no equity). */
export function entryQty(sizing: Sizing, input: SizingInput): number {
  // Each input is read only where its sizing uses it: an unused NaN (volatility, weight) read at
  // every order made the optimizing JIT exit and recompile this function (docs/performance.md).
  const price = input.price;
  if (!(price > 0)) return 0;
  switch (sizing.kind) {
    case "qty":
      return sizing.qty;
    case "cash":
      return Math.floor(sizing.amount / price);
    case "pct-equity":
      return Math.max(0, Math.floor((input.equity * sizing.pct) / 100 / price));
    case "vol-target": {
      const volatility = input.volatility;
      if (!(volatility > 0)) return 0;
      // Scale exposure to hit the target, never above 100% of equity (no leverage).
      const fraction = Math.min(1, sizing.pct / 100 / volatility);
      return Math.max(0, Math.floor((input.equity * fraction) / price));
    }
    case "risk-parity":
    case "target-vol": {
      // Unknown until the covariance window is full: no position rather than a made-up size.
      const weight = input.weight ?? NaN;
      if (!(weight > 0)) return 0;
      return Math.max(0, Math.floor((input.equity * Math.min(1, weight)) / price));
    }
  }
}

/** The default when no sizing flag is given: equal split of equity over the symbols. */
export function defaultSizing(symbolCount: number): Sizing {
  return { kind: "pct-equity", pct: 100 / Math.max(1, symbolCount) };
}

/** Checks a sizing's numbers; throws UserError naming the flag. */
export function validateSizing(sizing: Sizing): Sizing {
  const bad = (flag: string, value: number, expected: string) =>
    new UserError(`--${flag} must be ${expected}, got ${value}`);
  switch (sizing.kind) {
    case "qty":
      if (!Number.isInteger(sizing.qty) || sizing.qty <= 0) throw bad("qty", sizing.qty, "a whole number of shares > 0");
      break;
    case "cash":
      if (!Number.isFinite(sizing.amount) || sizing.amount <= 0) throw bad("cash-per-trade", sizing.amount, "an amount > 0");
      break;
    case "pct-equity":
      if (!Number.isFinite(sizing.pct) || sizing.pct <= 0 || sizing.pct > 100) throw bad("pct-equity", sizing.pct, "a percentage in (0, 100]");
      break;
    case "vol-target":
      if (!Number.isFinite(sizing.pct) || sizing.pct <= 0 || sizing.pct > 1000) throw bad("vol-target", sizing.pct, "an annualized volatility in percent, > 0 (e.g. 15)");
      if (!Number.isInteger(sizing.lookback) || sizing.lookback < 2) throw bad("vol-lookback", sizing.lookback, "a whole number of bars >= 2");
      break;
    case "target-vol":
      if (!Number.isFinite(sizing.pct) || sizing.pct <= 0 || sizing.pct > 1000) throw bad("target-vol", sizing.pct, "an annualized portfolio volatility in percent, > 0 (e.g. 10)");
      if (!Number.isInteger(sizing.lookback) || sizing.lookback < 3) throw bad("cov-lookback", sizing.lookback, "a whole number of bars >= 3");
      break;
    case "risk-parity":
      if (!Number.isInteger(sizing.lookback) || sizing.lookback < 3) throw bad("cov-lookback", sizing.lookback, "a whole number of bars >= 3");
      break;
  }
  return sizing;
}
