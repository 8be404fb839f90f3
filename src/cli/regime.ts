import { defineCommand } from "citty";
import { barSizeArg, rangeArgs, symbolArg, timeZoneArg } from "./_series-args.ts";
import { runRegimeCommand, type RegimeOutcome } from "../app/regime/regime.ts";
import { UserError } from "../core/errors.ts";
import { REGIME_METHODS, type RegimeMethod } from "../regime/analyze.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

const SHOWN_SPANS = 12;

export default defineCommand({
  meta: { name: "regime", description: "Market regimes of a series: rules (trend x volatility) or a Gaussian hidden Markov model" },
  args: {
    ...commonArgs,
    symbol: { type: "string", description: "Ticker in the store; SPX is the embedded S&P 500 daily series" },
    data: { type: "string", description: "CSV file of bars instead of --symbol" },
    method: { type: "string", description: "rules | hmm", default: "hmm" },
    states: { type: "string", description: "HMM states, 2..4 (sorted by volatility, 0 = calmest)", default: "2" },
    from: { type: "string", description: "First bar date (inclusive), e.g. 2010-01-01" },
    to: { type: "string", description: "Last bar date (inclusive)" },
    report: { type: "string", description: "Write a self-contained HTML report (price shaded by regime) to this file" },
    "bar-size": { type: "string", description: "1s 5s 1m 5m 15m 30m 1h 1d 1w", default: "1d" },
    tz: { type: "string", description: "Zone of --data date-times written without one (default UTC)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const method = args.method as RegimeMethod;
    if (!REGIME_METHODS.includes(method)) throw new UserError(`--method must be one of ${REGIME_METHODS.join(", ")}, got '${args.method}'`);
    const states = Number(args.states);
    if (!Number.isInteger(states) || states < 2 || states > 4) throw new UserError(`--states must be 2, 3 or 4, got '${args.states}'`);
    const range = rangeArgs(args.from, args.to);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const outcome = await runRegimeCommand(ctx.config, {
      symbol: args.symbol !== undefined ? symbolArg(args.symbol) : undefined,
      data: args.data,
      barSize: barSizeArg(args["bar-size"]),
      timeZone: args.tz !== undefined ? timeZoneArg(args.tz) : undefined,
      method,
      states,
      from: range.from,
      to: range.to,
      report: args.report,
    });
    if (ctx.json) printJson(regimeJson(outcome));
    else printText(regimeText(outcome));
  },
});

const iso = (t: number) => new Date(t).toISOString();
const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** The --json shape (docs/regime.md). Smoothed probabilities stay out: they look ahead. */
export function regimeJson(outcome: RegimeOutcome): unknown {
  const a = outcome.analysis;
  return {
    name: outcome.name,
    method: a.method,
    bars: outcome.bars,
    logLikelihood: a.logLikelihood,
    current: a.current && { ...a.current, since: iso(a.current.since) },
    states: a.states.map((s) => ({
      label: s.label,
      mean: finite(s.mean),
      sigma: finite(s.sigma),
      annualizedMean: finite(s.annualizedMean),
      annualizedSigma: finite(s.annualizedSigma),
      expectedDurationBars: finite(s.expectedDurationBars),
      bars: s.bars,
      share: finite(s.share),
    })),
    transition: a.transition,
    spans: a.spans.map((s) => ({ ...s, from: iso(s.from), to: iso(s.to) })),
    filtered: a.filtered.map((f) => ({ time: iso(f.time), state: f.state < 0 ? null : f.state, probabilities: f.probabilities })),
    report: outcome.report ?? null,
  };
}

function regimeText(outcome: RegimeOutcome): string {
  const a = outcome.analysis;
  const pct = (v: number, d = 2) => (Number.isFinite(v) ? `${(v * 100).toFixed(d)}%` : "-");
  const day = (t: number) => iso(t).slice(0, 10);
  const lines: string[] = [];
  lines.push(`${outcome.name}: ${outcome.bars} bars, method ${a.method}${a.logLikelihood !== null ? `, log-likelihood ${a.logLikelihood.toFixed(2)}` : ""}`);
  lines.push(a.current ? `Now: ${a.current.label}, probability ${pct(a.current.probability, 1)} (filtered), since ${day(a.current.since)}` : "Now: unknown (too few bars)");
  lines.push("");
  lines.push(
    formatTable(
      ["state", "mean/day", "sigma/day", "mean/yr", "sigma/yr", "exp. duration", "bars", "share"],
      a.states.map((s) => [s.label, pct(s.mean, 4), pct(s.sigma, 4), pct(s.annualizedMean), pct(s.annualizedSigma), Number.isFinite(s.expectedDurationBars) ? s.expectedDurationBars.toFixed(1) : "-", String(s.bars), pct(s.share, 1)]),
    ),
  );
  lines.push("", "Transition matrix (row = from):");
  lines.push(formatTable(["from \\ to", ...a.states.map((_, j) => String(j))], a.transition.map((row, i) => [`${i} ${a.states[i]!.label}`, ...row.map((p) => pct(p))])));
  lines.push("", `Latest spans (${Math.min(SHOWN_SPANS, a.spans.length)} of ${a.spans.length}; --json for all):`);
  lines.push(formatTable(["regime", "from", "to", "bars"], a.spans.slice(-SHOWN_SPANS).map((s) => [s.label, day(s.from), day(s.to), String(s.bars)])));
  if (outcome.report) lines.push("", `Report: ${outcome.report}`);
  return lines.join("\n");
}
