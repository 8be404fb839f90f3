import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runRegimeCommand } from "../app/regime/regime.ts";
import { UserError } from "../core/errors.ts";
import { regimeJson } from "./regime.ts";

const dir = mkdtempSync(path.join(tmpdir(), "robotrader-regime-"));
const config = { dataDir: path.join(dir, "no-store") }; // no database: SPX comes from the embedded series

describe("robotrader regime", () => {
  test("hmm on the embedded SPX: JSON with the documented shape, and a self-contained HTML report", async () => {
    const report = path.join(dir, "spx.html");
    const outcome = await runRegimeCommand(config, { symbol: "SPX", barSize: "1d", method: "hmm", states: 2, report });
    const json = regimeJson(outcome) as {
      method: string;
      logLikelihood: number;
      states: { mean: number; sigma: number; expectedDurationBars: number }[];
      transition: number[][];
      filtered: { time: string; state: number | null; probabilities: number[] }[];
      current: { label: string; since: string };
    };
    expect(json.method).toBe("hmm");
    expect(json.logLikelihood).toBeGreaterThan(16288.7);
    expect(json.states).toHaveLength(2);
    expect(json.states[0]!.sigma).toBeLessThan(json.states[1]!.sigma);
    expect(json.states[1]!.expectedDurationBars).toBeGreaterThan(10);
    expect(json.transition.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([expect.closeTo(1, 9), expect.closeTo(1, 9)]);
    expect(json.filtered).toHaveLength(5105);
    expect(json.filtered[0]).toEqual({ time: "2000-01-03T00:00:00.000Z", state: null, probabilities: [] });
    const march = json.filtered.find((f) => f.time === "2020-03-16T00:00:00.000Z")!;
    expect(march.state).toBe(1);
    expect(march.probabilities[1]).toBeGreaterThan(0.99);
    expect(json.current.label).toBe("state 1 (high-vol)");

    const html = readFileSync(report, "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("<rect"); // the regime bands
    expect(html).toContain("Smoothed probabilities use bars after each date");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  test("rules with --from/--to over a CSV file: labels from trend x volatility, no likelihood", async () => {
    const file = path.join(dir, "bars.csv");
    const rows = ["time,open,high,low,close,volume"];
    for (let i = 0; i < 400; i++) {
      const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      const c = 100 * 1.002 ** i * (1 + 0.004 * Math.sin(i));
      rows.push(`${day},${c},${c * 1.01},${c * 0.99},${c},1000`);
    }
    writeFileSync(file, rows.join("\n"));
    const outcome = await runRegimeCommand(config, { data: file, barSize: "1d", method: "rules", states: 2, from: Date.UTC(2020, 1, 1) });
    expect(outcome.bars).toBe(400 - 31);
    expect(outcome.analysis.logLikelihood).toBeNull();
    expect(outcome.analysis.current?.label).toMatch(/^bull (low|normal|high)-vol$/);
  });

  test("too few bars and an HMM with too little data are user errors naming the cause", async () => {
    const few = runRegimeCommand(config, { symbol: "SPX", barSize: "1d", method: "hmm", states: 2, from: Date.UTC(2020, 3, 16) });
    await expect(few).rejects.toThrow(UserError);
    await expect(few).rejects.toThrow("at least 3 bars");
    const short = runRegimeCommand(config, { symbol: "SPX", barSize: "1d", method: "hmm", states: 4, from: Date.UTC(2020, 2, 1) });
    await expect(short).rejects.toThrow("needs at least 80 returns");
  });
});
