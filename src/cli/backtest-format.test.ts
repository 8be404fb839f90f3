import { expect, test } from "bun:test";
import { runBacktestCommand } from "../app/backtest/run-backtest.ts";
import { defaultConfig } from "../config/defaults.ts";
import { createLogger } from "../log/logger.ts";
import { outcomeJson, outcomeJsonParts } from "./backtest-format.ts";

test("--json --equity written in parts is JSON.stringify of the whole document, byte for byte", async () => {
  const log = createLogger({ quiet: true, stream: { write: () => true } });
  const o = await runBacktestCommand(defaultConfig(), { symbols: ["SPX"], barSize: "1d", strategy: "sma-cross", params: {}, direction: "long-only", initialCash: 100_000, save: false, to: Date.UTC(2002, 0, 1) }, log);
  expect(o.equity.time.length).toBeGreaterThan(100);
  const whole = JSON.stringify(outcomeJson(o, { equity: true }), null, 2) + "\n";
  for (const size of [1, 7, 20_000]) expect([...outcomeJsonParts(o, size)].join("")).toBe(whole);
  // No bars traded: an empty equity array, as JSON.stringify writes it.
  const empty = { ...o, equity: { time: new Float64Array(0), equity: new Float64Array(0) } };
  expect([...outcomeJsonParts(empty)].join("")).toBe(JSON.stringify(outcomeJson(empty, { equity: true }), null, 2) + "\n");
});
