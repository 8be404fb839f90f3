import path from "node:path";
import type { StrategyFailure } from "../../strategy/guard.ts";

const shownWhere = (where: string) => {
  const rel = path.relative(process.cwd(), where);
  return rel.startsWith("..") || path.isAbsolute(rel) ? where : `./${rel}`;
};

const day = (time: number) => new Date(time).toISOString().replace("T00:00:00.000Z", "");

/** "strategy my-rsi threw on SPX at 2002-07-23 (bar): too low\n  at ./my-rsi.ts:38:44". */
export function strategyFailureMessage(f: StrategyFailure): string {
  const when = Number.isNaN(f.time) ? "while being created" : `on ${f.symbol === "*" ? "the time step" : f.symbol} at ${day(f.time)}`;
  return `strategy ${f.strategy} threw ${when} (${f.phase}): ${f.message}${f.where ? `\n  at ${shownWhere(f.where)}` : ""}`;
}
