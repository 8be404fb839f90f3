import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as v from "valibot";
import { embeddedBars } from "../../adapters/embedded/sp500.ts";
import { AppConfigSchema } from "../../config/schema.ts";
import { createLogger } from "../../log/logger.ts";
import { rulesRegimes } from "../../regime/rules.ts";
import { causalHmmStates } from "../../regime/causal-hmm.ts";
import { logReturns } from "../../regime/log-returns.ts";
import type { BacktestRequest } from "./backtest-request.ts";
import { runBacktestCommand } from "./run-backtest.ts";

const config = v.parse(AppConfigSchema, { dataDir: path.join(mkdtempSync(path.join(tmpdir(), "robotrader-regime-bt-")), "data") });
const log = createLogger({ quiet: true, stream: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream });
const base: BacktestRequest = {
  symbols: ["SPX"],
  barSize: "1d",
  strategy: "sma-cross",
  params: {},
  direction: "long-only",
  initialCash: 100_000,
  // The bare engine, all in (the filter is what is tested, not the [risk] rules).
  setup: { noRisk: true, sizing: { kind: "pct-equity", pct: 100 } },
  save: false,
};
const times = embeddedBars().map((b) => b.time);
const labels = rulesRegimes(embeddedBars().map((b) => b.close));
/** The rules regime at the close of the bar before a fill (the signal bar). */
const regimeBefore = (fillTime: number) => labels[times.indexOf(fillTime) - 1];

describe("backtest --regime-filter", () => {
  test("entries only in the named market regime; exits whatever the regime", async () => {
    const plain = await runBacktestCommand(config, base, log);
    const filtered = await runBacktestCommand(config, { ...base, regimeFilter: { filter: "bull", source: "market", index: "SPX" } }, log);
    expect(filtered.trades.length).toBeGreaterThan(0);
    expect(filtered.trades.length).toBeLessThan(plain.trades.length);
    for (const t of filtered.trades) expect(regimeBefore(t.entryTime)?.trend).toBe("bull");
    // Without the filter some entries came in other regimes (else the test proves nothing).
    expect(plain.trades.some((t) => regimeBefore(t.entryTime)?.trend !== "bull")).toBe(true);
    // Exits are never held back: some filtered trade closed outside a bull regime.
    expect(filtered.trades.some((t) => t.exitTime !== null && regimeBefore(t.exitTime)?.trend !== "bull")).toBe(true);
    expect(filtered.refusals.some((r) => r.rule === "regime-filter" && r.reason.startsWith("regime-filter: market regime is"))).toBe(true);
  });

  test("a symbol's own regime, and two dimensions at once", async () => {
    const outcome = await runBacktestCommand(config, { ...base, regimeFilter: { filter: "bull,sideways,low-vol", source: "symbol", index: "SPX" } }, log);
    expect(outcome.trades.length).toBeGreaterThan(0);
    for (const t of outcome.trades) {
      const label = regimeBefore(t.entryTime);
      expect(["bull", "sideways"]).toContain(label?.trend ?? "unknown");
      expect(label?.vol).toBe("low-vol");
    }
  });

  test("--regime-method hmm: entries only when the causal HMM (past returns only) says low volatility", async () => {
    const outcome = await runBacktestCommand(config, { ...base, regimeFilter: { filter: "low-vol", source: "market", index: "SPX", method: "hmm" } }, log);
    const states = causalHmmStates(logReturns(embeddedBars().map((b) => b.close)), { states: 2 });
    expect(outcome.trades.length).toBeGreaterThan(0);
    // The signal bar is the one before the fill; its state comes from the return it completes.
    for (const t of outcome.trades) expect(states[times.indexOf(t.entryTime) - 2]).toBe(0);
  });

  test("bad filters and a missing index are user errors naming the flag", async () => {
    await expect(runBacktestCommand(config, { ...base, regimeFilter: { filter: "bull,calm", source: "market", index: "SPX" } }, log)).rejects.toThrow("--regime-filter: unknown regime 'calm'");
    await expect(runBacktestCommand(config, { ...base, regimeFilter: { filter: "bull", source: "market", index: "NOPE" } }, log)).rejects.toThrow("needs the market index (--regime-index): NOPE: No 1d bars for NOPE");
  });
});
