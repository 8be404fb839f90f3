import { constants as fsConstants } from "node:fs";
import path from "node:path";
import { UserError } from "../../core/errors.ts";
import { createIndicator } from "../../indicators/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";

// Checks a backtest request makes before any work: a report that cannot be written, a strategy
// that cannot warm up on the data. Both are user errors named with the flag and the numbers.

/**
 * Checks that --report names a file that can be written: its folder is created (as writeReport
 * does), it is not a directory, and the folder (or an existing file) is writable.
 */
export async function prepareReportPath(file: string): Promise<void> {
  const resolved = path.resolve(file);
  const fail = (why: string): never => {
    throw new UserError(`--report ${file}: ${why}; give a path to an .html file in a writable folder`);
  };
  if (file.trim() === "" || file.endsWith("/")) fail("is not a file name");
  // Loaded here: node:fs/promises costs a backtest without --report ~2 ms to load (docs/performance.md).
  const fs = await import("node:fs/promises");
  const stat = await fs.stat(resolved).catch(() => undefined);
  if (stat?.isDirectory()) fail("is a directory");
  const folder = path.dirname(resolved);
  await fs.mkdir(folder, { recursive: true }).catch((error: NodeJS.ErrnoException) => fail(`cannot create its folder ${folder} (${error.code ?? error.message})`));
  await fs.access(stat ? resolved : folder, fsConstants.W_OK).catch((error: NodeJS.ErrnoException) => fail(`cannot be written (${error.code ?? error.message})`));
}

/**
 * A strategy whose indicators need more bars than a symbol has can never signal there: a warning
 * for such a symbol, an error when that is every symbol (e.g. --slow 6000 on 5,105 bars). Takes the bar count per symbol.
 */
export function checkWarmUp(strategy: ConfiguredStrategy, barsBySymbol: Readonly<Record<string, number>>, log: Logger): void {
  let lookback = 0;
  let longest = "";
  const indicator = (id: string) => {
    const made = createIndicator(id);
    if (made.lookback >= lookback) [lookback, longest] = [made.lookback, made.id];
    return made;
  };
  const symbols = Object.keys(barsBySymbol);
  if (strategy.createPortfolio) strategy.createPortfolio({ symbols, direction: "long-only", indicator });
  else strategy.create({ symbol: symbols[0] ?? "", direction: "long-only", universe: symbols, indicator });
  if (lookback === 0) return;
  const short = Object.entries(barsBySymbol).filter(([, bars]) => bars <= lookback);
  const why = (symbol: string, bars: number) =>
    `${strategy.name} needs more than ${lookback} bars to warm up (${longest}); ${symbol} has ${bars} bars up to --to`;
  if (short.length === Object.keys(barsBySymbol).length) {
    throw new UserError(`${why(short[0]![0], short[0]![1])}: no signal is possible. Use shorter periods or more data.`);
  }
  for (const [symbol, bars] of short) log.warn(`${why(symbol, bars)}: no signal for ${symbol}`);
}

