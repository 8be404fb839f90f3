import type { Duration } from "../../adapters/ib/parse/duration.ts";
import type { BarSize } from "../../core/bar.ts";

/** History each symbol is backfilled with on connect: enough bars to warm common indicators. */
export function backfillFor(barSize: BarSize): Duration {
  switch (barSize) {
    case "1s":
    case "5s":
      return { count: 1800, unit: "S" };
    case "1m":
      return { count: 1, unit: "D" };
    case "5m":
      return { count: 2, unit: "D" };
    case "15m":
    case "30m":
      return { count: 5, unit: "D" };
    case "1h":
      return { count: 10, unit: "D" };
    case "1d":
      return { count: 1, unit: "Y" };
    case "1w":
      return { count: 2, unit: "Y" };
  }
}

export interface EndOfRun {
  /** In words: "--for/--until reached", "SIGTERM", "market data ended", "fatal: ...". */
  readonly reason: string;
  readonly failed: boolean;
  readonly error?: unknown;
}

/**
 * Waits for whichever comes first: the wall-clock end of a bounded session, an aborted
 * signal (SIGINT/SIGTERM from the CLI, a lost runner lock), the market data ending, or a
 * fatal error from it. Then stops the market data. Nothing is cancelled here: open orders
 * stay at the broker unless config run.cancelOnShutdown says otherwise (the caller's job).
 */
export async function waitForEnd(o: {
  readonly run: Promise<void>;
  readonly endAt?: number;
  readonly signals: readonly (AbortSignal | undefined)[];
  readonly stop: () => void;
}): Promise<EndOfRun> {
  const disposers: (() => void)[] = [];
  const ended = new Promise<EndOfRun>((resolve) => {
    if (o.endAt !== undefined) {
      const timer = setTimeout(() => resolve({ reason: "--for/--until reached", failed: false }), Math.max(0, o.endAt - Date.now()));
      disposers.push(() => clearTimeout(timer));
    }
    for (const signal of o.signals) {
      if (!signal) continue;
      const onAbort = () => {
        const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "aborted");
        const lost = why.startsWith("runner lock lost");
        resolve(lost ? { reason: why, failed: true, error: new Error(why) } : { reason: why, failed: false });
      };
      if (signal.aborted) onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      disposers.push(() => signal.removeEventListener("abort", onAbort));
    }
    o.run.then(
      () => resolve({ reason: "market data ended", failed: false }),
      (error: unknown) => resolve({ reason: `fatal: ${error instanceof Error ? error.message : String(error)}`, failed: true, error }),
    );
  });
  const end = await ended;
  for (const d of disposers) d();
  o.stop();
  await o.run.catch(() => {});
  return end;
}
