import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-indicators-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => robotrader(["indicators", "--data-dir", dir, ...args], { cwd: dir });

describe("robotrader indicators", () => {
  test("--json on embedded SPX: aligned arrays, null before the first value, named outputs", async () => {
    const r = await cli("--symbol", "SPX", "--only", "sma_10,bbands_20_2_2,stochrsi_14_14_3,sar_0.02_0.2", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { bars: number; time: string[]; indicators: Record<string, (number | null)[]> };
    expect(out.bars).toBe(5105);
    expect(out.time[0]).toBe("2000-01-03T00:00:00.000Z");
    expect(Object.keys(out.indicators)).toEqual([
      "sma_10", "bbands_20_2_2.upper", "bbands_20_2_2.middle", "bbands_20_2_2.lower",
      "stochrsi_14_14_3.fastk", "stochrsi_14_14_3.fastd", "sar_0.02_0.2",
    ]);
    for (const values of Object.values(out.indicators)) expect(values.length).toBe(5105);
    expect(out.indicators["sma_10"]!.slice(0, 9).every((v) => v === null)).toBe(true);
    expect(out.indicators["sma_10"]![9]).toBeCloseTo(1434.4910035, 6);
    expect(out.indicators["stochrsi_14_14_3.fastd"]![28]).toBeNull();
    expect(out.indicators["stochrsi_14_14_3.fastd"]![29]).not.toBeNull();
  });

  test("the default set covers every indicator and survives a pipe (several MB)", async () => {
    const r = await cli("--symbol", "SPX", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { indicators: Record<string, unknown[]> };
    for (const name of ["sma_30", "macd_12_26_9.signal", "rsi_14", "adx_14", "sar_0.02_0.2", "gap", "volz_20", "rvol_20_252"]) {
      expect(out.indicators).toHaveProperty([name]);
    }
  });

  test("--data FILE reads a CSV; a bad row is named by file and line", async () => {
    const good = path.join(dir, "bars.csv");
    const rows = ["time,open,high,low,close,volume"];
    for (let i = 0; i < 5; i++) rows.push(`2024-01-0${i + 1},${10 + i},${11 + i},${9 + i},${10.5 + i},100`);
    writeFileSync(good, rows.join("\n") + "\n");
    const r = await cli("--data", good, "--only", "sma_3", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).indicators.sma_3).toEqual([null, null, 11.5, 12.5, 13.5]);

    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, "time,open,high,low,close,volume\n2024-01-01,10,9,11,10,100\n");
    const b = await cli("--data", bad, "--only", "sma_3");
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`${bad}:2:`);
  });

  test("bad names and parameters exit 2 listing the valid names", async () => {
    const r = await cli("--symbol", "SPX", "--only", "sma_10,smaa_10,rsi_1");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown indicator 'smaa_10'");
    expect(r.stderr).toContain("rsi parameter 'period' must be within 2..100000, got 1");
    expect(r.stderr).toContain("bbands_<period>_<nbdevup>_<nbdevdn>_<matype>");
  });

  test("text mode prints the last bars as a table", async () => {
    const r = await cli("--symbol", "SPX", "--only", "rsi_14");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2020-04-17");
    expect(r.stdout).toMatch(/rsi_14\s+\d+\.\d{4}/);
  });
});
