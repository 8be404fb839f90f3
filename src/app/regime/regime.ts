import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import { analyzeRegimes, type RegimeAnalysis, type RegimeMethod } from "../../regime/analyze.ts";
import { loadIndicatorBars } from "../data/indicators.ts";
import { renderRegimeReport } from "./report-html.ts";

export interface RegimeCommand {
  readonly symbol?: string | undefined;
  readonly data?: string | undefined;
  readonly barSize: BarSize;
  readonly timeZone?: string | undefined;
  readonly method: RegimeMethod;
  readonly states: number;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly report?: string | undefined;
}

export interface RegimeOutcome {
  readonly name: string;
  readonly bars: number;
  readonly analysis: RegimeAnalysis;
  readonly report?: string | undefined;
}

/** Bars per year for annualizing: 252 trading days, or the intraday bars in a 6.5-hour session. */
export function barsPerYearOf(barSize: BarSize): number {
  const perDay: Record<BarSize, number> = { "1s": 23_400, "5s": 4_680, "1m": 390, "5m": 78, "15m": 26, "30m": 13, "1h": 7, "1d": 1, "1w": 1 / 5 };
  return 252 * perDay[barSize];
}

/** `robotrader regime`: loads the bars, fits or applies the model, optionally writes the HTML report. */
export async function runRegimeCommand(config: Pick<AppConfig, "dataDir">, command: RegimeCommand): Promise<RegimeOutcome> {
  const all = await loadIndicatorBars(config, command);
  const bars = all.filter((b) => (command.from === undefined || b.time >= command.from) && (command.to === undefined || b.time <= command.to));
  const name = command.symbol ?? path.basename(command.data ?? "data");
  if (bars.length < 3) throw new UserError(`Regimes need at least 3 bars; ${name} has ${bars.length} in the chosen range`);
  const result = analyzeRegimes({
    time: bars.map((b) => b.time),
    close: bars.map((b) => b.close),
    method: command.method,
    states: command.states,
    barsPerYear: barsPerYearOf(command.barSize),
  });
  if (!result.ok) throw new UserError(`Cannot fit the regime model on ${name}: ${result.error}`);
  let report: string | undefined;
  if (command.report !== undefined) {
    report = path.resolve(command.report);
    const html = renderRegimeReport({ name, bars, analysis: result.analysis });
    try {
      await mkdir(path.dirname(report), { recursive: true });
      await writeFile(report, html);
    } catch (error) {
      throw new UserError(`Cannot write --report ${command.report}: ${(error as Error).message}`);
    }
  }
  return { name, bars: bars.length, analysis: result.analysis, report };
}
