import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../adapters/embedded/sp500.ts";
import { batch, createIndicator, INDICATORS } from "./index.ts";
import { barColumns } from "./batch.ts";

const bars = embeddedBars().slice(0, 600);
const columns = barColumns(bars);
const defaults = INDICATORS.map((d) => d.name);

describe("every registered indicator", () => {
  test("there are at least 50", () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(50);
  });

  test.each(defaults)("%s: streaming equals batch, bit for bit, and NaN exactly during the lookback", (name) => {
    const stream = createIndicator(name);
    const out = batch(name, columns);
    expect(Object.keys(out)).toEqual([...stream.outputs]);
    for (let i = 0; i < bars.length; i++) {
      const first = stream.update(bars[i]!);
      stream.outputs.forEach((o, k) => {
        const want = out[o]![i]!;
        const got = k === 0 ? first : stream.value(k);
        if (!Object.is(got, want)) throw new Error(`${stream.id}.${o}[${i}]: streaming ${got}, batch ${want}`);
        const warm = i >= stream.lookback;
        if (warm === Number.isNaN(got)) throw new Error(`${stream.id}.${o}[${i}] = ${got} with lookback ${stream.lookback}`);
      });
    }
  });

  test.each(defaults)("%s: reset starts over with identical values", (name) => {
    const ind = createIndicator(name);
    const first = bars.slice(0, 80).map((b) => ind.update(b));
    ind.reset();
    expect(Number.isNaN(ind.value())).toBe(true);
    const again = bars.slice(0, 80).map((b) => ind.update(b));
    expect(again).toEqual(first);
  });
});

describe("indicator names", () => {
  test("canonical ids carry every parameter, defaults filled in", () => {
    expect(createIndicator("bbands_20").id).toBe("bbands_20_2_2");
    expect(createIndicator("bbands_20_2_2_1").id).toBe("bbands_20_2_2_1");
    expect(createIndicator("stoch_14_3_3_0_1").id).toBe("stoch_14_3_3_0_1");
    expect(createIndicator("stochrsi_14_14_3").id).toBe("stochrsi_14_14_3");
    expect(createIndicator("sar_0.02_0.2").id).toBe("sar_0.02_0.2");
    expect(createIndicator("linearreg_slope_14").id).toBe("linearreg_slope_14");
    expect(createIndicator("macd").outputs).toEqual(["macd", "signal", "hist"]);
  });

  test("MAMA (MA type 7) is refused with the allowed list", () => {
    expect(() => createIndicator("ma_10_7")).toThrow(/must be one of 0, 1, 2, 3, 4, 5, 6, 8, got 7/);
  });
});
