import { describe, expect, test } from "bun:test";
import { splitWindows, type Window } from "./windows.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const daily = (n: number) => Float64Array.from({ length: n }, (_, i) => T0 + i * DAY);
const bars = (n: number) => ({ unit: "bars", n }) as const;

function expectNoLeak(windows: Window[]) {
  for (const w of windows) {
    expect(w.train.to).toBe(w.test.from); // test starts right after training ends
    expect(w.train.from).toBeLessThan(w.train.to);
    expect(w.test.from).toBeLessThan(w.test.to);
    expect(w.train.toTime).toBeLessThan(w.test.fromTime);
  }
  for (let k = 1; k < windows.length; k++) expect(windows[k]!.test.from).toBeGreaterThanOrEqual(windows[k - 1]!.test.to);
}

describe("splitWindows", () => {
  test("rolling: fixed-length training slides by the test length; test never overlaps its training", () => {
    const w = splitWindows(daily(1000), { train: bars(300), test: bars(100), mode: "rolling" });
    expect(w.map((x) => [x.train.from, x.train.to, x.test.from, x.test.to])).toEqual([
      [0, 300, 300, 400],
      [100, 400, 400, 500],
      [200, 500, 500, 600],
      [300, 600, 600, 700],
      [400, 700, 700, 800],
      [500, 800, 800, 900],
      [600, 900, 900, 1000],
    ]);
    expectNoLeak(w);
  });

  test("anchored: training always starts at the first bar and grows", () => {
    const w = splitWindows(daily(1000), { train: bars(300), test: bars(250), mode: "anchored" });
    expect(w.map((x) => [x.train.from, x.train.to, x.test.from, x.test.to])).toEqual([
      [0, 300, 300, 550],
      [0, 550, 550, 800],
      [0, 800, 800, 1000], // the last test window is shorter
    ]);
    expectNoLeak(w);
  });

  test("a step longer than the test leaves gaps; a shorter one is refused", () => {
    const w = splitWindows(daily(1000), { train: bars(300), test: bars(100), step: bars(200), mode: "rolling" });
    expect(w.map((x) => [x.train.from, x.test.from, x.test.to])).toEqual([
      [0, 300, 400],
      [200, 500, 600],
      [400, 700, 800],
      [600, 900, 1000],
    ]);
    expectNoLeak(w);
    expect(() => splitWindows(daily(1000), { train: bars(300), test: bars(100), step: bars(50), mode: "rolling" })).toThrow(/test windows would overlap/);
  });

  test("calendar spans: 12 months of training, 3 months of testing on daily bars", () => {
    const times = daily(3 * 365);
    const w = splitWindows(times, { train: { unit: "months", n: 12 }, test: { unit: "months", n: 3 }, mode: "rolling" });
    expect(new Date(w[0]!.test.fromTime).toISOString().slice(0, 10)).toBe("2021-01-01");
    expect(new Date(w[0]!.test.toTime).toISOString().slice(0, 10)).toBe("2021-03-31");
    expect(new Date(w[1]!.train.fromTime).toISOString().slice(0, 10)).toBe("2020-04-01");
    expect(new Date(w[1]!.test.fromTime).toISOString().slice(0, 10)).toBe("2021-04-01");
    expect(w.length).toBe(8);
    expectNoLeak(w);
  });

  test("too little data or a zero length is a clear error", () => {
    expect(() => splitWindows(daily(300), { train: bars(300), test: bars(100), mode: "rolling" })).toThrow(/300 bars are not enough/);
    expect(() => splitWindows(daily(300), { train: bars(0), test: bars(100), mode: "rolling" })).toThrow(/--train must be a positive whole number/);
  });
});
