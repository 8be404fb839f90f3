import { describe, expect, test } from "bun:test";
import { DataValidator } from "../../core/data-validation/data-validator.ts";
import { barProblem } from "../../core/bar.ts";
import { EMBEDDED_SYMBOL, embeddedBars, embeddedColumns } from "./sp500.ts";

describe("embedded S&P 500", () => {
  test("every row of vega-datasets sp500-2000.csv: 2000-01-03 .. 2020-04-17, daily at 00:00 UTC", () => {
    const bars = embeddedBars();
    // The file has 5,105 data rows (5,106 lines with the header, no trailing newline).
    expect(bars.length).toBe(5105);
    expect(new Date(bars[0]!.time).toISOString()).toBe("2000-01-03T00:00:00.000Z");
    expect(new Date(bars.at(-1)!.time).toISOString()).toBe("2020-04-17T00:00:00.000Z");
    expect(bars[0]).toEqual({ symbol: EMBEDDED_SYMBOL, time: Date.UTC(2000, 0, 3), open: 1469.25, high: 1478, low: 1438.359985, close: 1455.219971, volume: 931800000 });
    expect(bars.every((b) => b.time % 86_400_000 === 0 && barProblem(b) === undefined)).toBe(true);
  });

  test("as columns (the columnar reader) it is the same bars", () => {
    const bars = embeddedBars();
    const c = embeddedColumns();
    const col = (f: (b: (typeof bars)[number]) => number) => Float64Array.from(bars, f);
    expect(c).toEqual({ time: col((b) => b.time), open: col((b) => b.open), high: col((b) => b.high), low: col((b) => b.low), close: col((b) => b.close), volume: col((b) => b.volume) });
  });
});

test("the real S&P 500 daily series (2000-2020, the 2008 crash and March 2020 included) has no outlier at the default limits", () => {
  const v = new DataValidator({ barMs: 86_400_000, outlierSigma: 8, outlierMinMovePct: 3 });
  for (const b of embeddedBars()) v.checkBar("SPX", b);
  expect(v.counts().outlier).toBe(0);
  expect(v.counts().accepted).toBe(embeddedBars().length);
});
