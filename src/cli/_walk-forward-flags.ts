import { UserError } from "../core/errors.ts";
import { parseGrid, type Grid } from "../backtest/walk-forward/grid.ts";
import { parseObjective, type ObjectiveName } from "../backtest/walk-forward/objective.ts";
import type { Span } from "../backtest/walk-forward/windows.ts";
import type { WalkForwardConfig } from "../backtest/walk-forward/config.ts";

/** The backtest command's walk-forward flags (citty arg definitions, ready to spread into `args`). */
export const WALK_FORWARD_ARGS = {
  "walk-forward": { type: "string", description: "Walk-forward optimization: rolling | anchored" },
  train: { type: "string", description: "Training window: bars (756) or a span (3y, 18mo, 26w, 90d); default 756" },
  test: { type: "string", description: "Test window, same forms as --train; default 252" },
  step: { type: "string", description: "Distance between test windows (>= --test); default = --test" },
  grid: { type: "string", description: "Parameter grid, e.g. fast=5,10,20:slow=30,50,100 or fast=5..20..5" },
  objective: { type: "string", description: "Statistic to optimize in-sample: sharpe (default), sortino, calmar, cagr, total-return, profit-factor, win-rate, expectancy, max-drawdown" },
} as const;

export interface WalkForwardFlags {
  readonly "walk-forward"?: string | undefined;
  readonly train?: string | undefined;
  readonly test?: string | undefined;
  readonly step?: string | undefined;
  readonly grid?: string | undefined;
  readonly objective?: string | undefined;
}

/** Parsed and checked walk-forward flags; undefined when --walk-forward is absent (a plain backtest). */
export function parseWalkForwardFlags(flags: WalkForwardFlags): WalkForwardConfig | undefined {
  const mode = flags["walk-forward"];
  if (mode === undefined) {
    const stray = (["train", "test", "step", "grid", "objective"] as const).filter((k) => flags[k] !== undefined);
    if (stray.length > 0) {
      throw new UserError(`${stray.map((k) => `--${k}`).join(", ")} only ${stray.length === 1 ? "applies" : "apply"} with --walk-forward rolling|anchored`);
    }
    return undefined;
  }
  if (mode !== "rolling" && mode !== "anchored") {
    throw new UserError(`--walk-forward must be rolling or anchored, got '${mode}'`);
  }
  if (flags.grid === undefined) {
    throw new UserError("--walk-forward needs --grid with the parameters to optimize, e.g. --grid fast=5,10,20:slow=30,50,100");
  }
  return {
    windows: {
      mode,
      train: parseSpan("train", flags.train ?? "756"),
      test: parseSpan("test", flags.test ?? "252"),
      step: flags.step === undefined ? undefined : parseSpan("step", flags.step),
    },
    grid: parseGrid(flags.grid),
    objective: parseObjective(flags.objective ?? "sharpe"),
  };
}

const UNITS: Record<string, (n: number) => Span> = {
  "": (n) => ({ unit: "bars", n }),
  b: (n) => ({ unit: "bars", n }),
  d: (n) => ({ unit: "days", n }),
  w: (n) => ({ unit: "days", n: 7 * n }),
  mo: (n) => ({ unit: "months", n }),
  y: (n) => ({ unit: "months", n: 12 * n }),
};

/** `756` or `756b` bars, `90d` days, `26w` weeks, `18mo` months, `3y` years. */
export function parseSpan(flag: string, text: string): Span {
  const m = text.trim().match(/^(\d+)(b|d|w|mo|y)?$/);
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0)) {
    throw new UserError(`--${flag} must be a positive number of bars (756) or a span (90d, 26w, 18mo, 3y), got '${text}'`);
  }
  return UNITS[m[2] ?? ""]!(n);
}
