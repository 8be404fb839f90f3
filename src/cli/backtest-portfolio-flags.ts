import type { ArgsDef } from "citty";
import { UserError } from "../core/errors.ts";
import type { Sizing } from "../core/sizing.ts";

/** Correlation-aware sizing flags (docs/analytics.md); each is its own sizing mode. */
export const PORTFOLIO_SIZING_ARGS = {
  sizing: { type: "string", description: "Sizing mode over the whole universe: risk-parity | target-vol (shrunk rolling covariance)" },
  "target-vol": { type: "string", description: "Sizing target-vol: annualized portfolio volatility in % (default 10)" },
  "cov-lookback": { type: "string", description: "Bars of returns in the rolling covariance for --sizing (default 60)" },
} as const satisfies ArgsDef;

/** --regime-filter and where its regime comes from (docs/regime.md). */
export const REGIME_FILTER_ARGS = {
  "regime-filter": { type: "string", description: "Entries only in these regimes, e.g. bull,low-vol (bull bear sideways low-vol normal-vol high-vol); exits always" },
  "regime-of": { type: "string", description: "Whose regime the filter reads: market (the index, default) | symbol (each symbol's own)" },
  "regime-index": { type: "string", description: "Market index symbol for --regime-filter (default SPX, embedded)" },
  "regime-method": { type: "string", description: "Volatility part of --regime-filter: rules (percentile bands, default) | hmm (causal 2-state HMM, refitted yearly on past returns)" },
} as const satisfies ArgsDef;

/** The regime filter flags, or undefined without --regime-filter. */
export function regimeFilterFlags(args: Record<string, unknown>): { filter: string; source: "market" | "symbol"; index: string; method: "rules" | "hmm" } | undefined {
  const filter = args["regime-filter"] as string | undefined;
  const of = args["regime-of"] as string | undefined;
  const index = args["regime-index"] as string | undefined;
  const method = args["regime-method"] as string | undefined;
  if (filter === undefined) {
    if (of !== undefined || index !== undefined || method !== undefined) throw new UserError("--regime-of, --regime-index and --regime-method only apply with --regime-filter");
    return undefined;
  }
  if (method !== undefined && method !== "rules" && method !== "hmm") throw new UserError(`--regime-method must be rules or hmm, got '${method}'`);
  if (of !== undefined && of !== "market" && of !== "symbol") throw new UserError(`--regime-of must be market or symbol, got '${of}'`);
  if (index !== undefined && of === "symbol") throw new UserError("--regime-index only applies with --regime-of market");
  return { filter, source: (of ?? "market") as "market" | "symbol", index: (index ?? "SPX").trim().toUpperCase(), method: (method ?? "rules") as "rules" | "hmm" };
}

/** --benchmark and --risk-free (docs/analytics.md). */
export const ANALYTICS_ARGS = {
  benchmark: { type: "string", description: "Symbol to measure alpha, beta, information ratio and tracking error against (store or embedded SPX)" },
  "risk-free": { type: "string", description: "Annual risk-free rate for Sharpe and alpha, e.g. 4% or 0.04 (default 0)" },
} as const satisfies ArgsDef;

/** "4%" -> 0.04, "0.04" -> 0.04; UserError naming the flag. */
export function riskFreeArg(text: string | undefined): number {
  if (text === undefined) return 0;
  const t = text.trim();
  const percent = t.endsWith("%");
  const n = Number(percent ? t.slice(0, -1) : t);
  const rate = percent ? n / 100 : n;
  if (t === "" || t === "%" || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
    throw new UserError(`--risk-free must be an annual rate like 4% or 0.04 (0 to under 100%), got '${text}'`);
  }
  return rate;
}

const SIZING_MODES = ["risk-parity", "target-vol"] as const;

/** The --sizing mode, or undefined when not given; UserError naming the flag on bad values. */
export function portfolioSizing(args: Record<string, unknown>): Sizing | undefined {
  const mode = args["sizing"] as string | undefined;
  const target = args["target-vol"] as string | undefined;
  const lookbackText = args["cov-lookback"] as string | undefined;
  if (mode === undefined && target === undefined) {
    if (lookbackText !== undefined) throw new UserError("--cov-lookback only applies with --sizing risk-parity or target-vol");
    return undefined;
  }
  const kind = mode ?? "target-vol";
  if (!(SIZING_MODES as readonly string[]).includes(kind)) throw new UserError(`--sizing must be one of ${SIZING_MODES.join(", ")}, got '${kind}'`);
  if (target !== undefined && kind !== "target-vol") throw new UserError("--target-vol only applies with --sizing target-vol");
  const lookback = lookbackText === undefined ? 60 : Number(lookbackText);
  if (!Number.isInteger(lookback) || lookback < 3) throw new UserError(`--cov-lookback must be a whole number of bars >= 3, got '${lookbackText}'`);
  if (kind === "risk-parity") return { kind: "risk-parity", lookback };
  const pct = target === undefined ? 10 : Number(target.replace(/%$/, ""));
  if (!Number.isFinite(pct) || pct <= 0 || pct > 1000) throw new UserError(`--target-vol must be an annualized volatility in percent > 0 (e.g. 10), got '${target}'`);
  return { kind: "target-vol", pct, lookback };
}
