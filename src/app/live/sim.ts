import { embeddedBars } from "../../adapters/embedded/sp500.ts";
import { ReplayStartError, SIMULATED_SYMBOLS, startSimGateway, type SimGateway, type SimGatewayOptions } from "../../adapters/sim-gateway/index.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../log/logger.ts";

/**
 * `run --sim` replays 5-minute bars at 300x by default: a 5-minute bar every second, a whole
 * session in about 80 seconds, so a `--for 60s` session warms up on backfill and trades.
 */
export const SIM_DEFAULT_SPEED = 300;
/** Used when none of the configured symbols is one the simulator serves. */
export const SIM_DEFAULT_SYMBOLS = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN"] as const;

/**
 * The day a --sim session replays when --start is not given: each run takes the next of the
 * last 250 sessions of the data. Order keys are deterministic (strategy, symbol, side, bar
 * time), so replaying the same day again would meet its own earlier orders in the store and,
 * rightly, never send them twice; a fresh day trades afresh.
 */
export function rotatingReplayDay(previousSimRuns: number): string {
  const days = embeddedBars();
  const first = Math.max(0, days.length - 250);
  const span = Math.max(1, days.length - first - 1);
  const day = days[first + (previousSimRuns % span)]!;
  return new Date(day.time).toISOString().slice(0, 10);
}

export interface SimRun {
  readonly gateway: SimGateway;
  readonly symbols: readonly string[];
}

/** Starts the simulator in this process on an ephemeral loopback port. */
export async function startRunSimulator(o: {
  readonly symbols: readonly string[];
  readonly explicit: boolean;
  readonly speed?: number;
  readonly start?: string;
  readonly log: Logger;
  readonly extra?: Partial<SimGatewayOptions>;
}): Promise<SimRun> {
  const known = new Set<string>(SIMULATED_SYMBOLS);
  const custom = o.extra?.bars;
  const serves = (s: string) => known.has(s) || (custom !== undefined && custom(s) !== undefined);
  const unknown = o.symbols.filter((s) => !serves(s));
  let symbols = o.symbols.filter(serves);
  if (unknown.length > 0) {
    const text = `the simulator has no data for ${unknown.join(", ")} (it serves ${SIMULATED_SYMBOLS.join(", ")})`;
    if (o.explicit) o.log.warn(`--sim: ${text}; trading the others`);
    else o.log.info(`--sim: ${text}`);
  }
  if (symbols.length === 0) {
    if (o.explicit) throw new UserError(`--sim: none of --symbols is served by the simulator; choose from ${SIMULATED_SYMBOLS.join(", ")}`);
    symbols = [...SIM_DEFAULT_SYMBOLS];
    o.log.info(`--sim: trading ${symbols.join(", ")}`);
  }
  let gateway: SimGateway;
  try {
    gateway = await startSimGateway({
      host: "127.0.0.1",
      port: 0,
      speed: o.speed ?? SIM_DEFAULT_SPEED,
      ...(o.start !== undefined ? { replayStart: o.start } : {}),
      log: o.log.withTag("sim"),
      ...o.extra,
    });
  } catch (error) {
    if (error instanceof ReplayStartError) throw new UserError(`--start: ${error.message}`, { cause: error });
    throw error;
  }
  return { gateway, symbols };
}
