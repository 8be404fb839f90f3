import { thinnedRolling, type PortfolioAnalytics } from "./analytics.ts";

const iso = (t: number) => new Date(t).toISOString();
const fin = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);

/** The analytics as JSON (docs/analytics.md): rolling series thinned to at most `maxPoints` points. */
export function analyticsJson(a: PortfolioAnalytics, maxPoints = 500): unknown {
  const r = thinnedRolling(a, maxPoints);
  return {
    riskFreeRate: a.riskFreeRate,
    attribution: a.attribution,
    benchmark: a.benchmark && {
      ...a.benchmark,
      alpha: fin(a.benchmark.alpha),
      beta: fin(a.benchmark.beta),
      correlation: fin(a.benchmark.correlation),
      trackingError: fin(a.benchmark.trackingError),
      informationRatio: fin(a.benchmark.informationRatio),
    },
    habits: a.habits,
    rolling: {
      window: r.window,
      points: r.time.map((t, i) => ({ time: iso(t), sharpe: fin(r.sharpe[i]!), volatility: fin(r.volatility[i]!), drawdown: r.drawdown[i]! })),
    },
  };
}
