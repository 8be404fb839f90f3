import { expect, test } from "bun:test";
import { usdText } from "./_usd.ts";

const icu = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

test("usdText writes what toLocaleString en-US with two decimals writes", () => {
  const edges = [0, -0, 0.005, -0.005, 0.004999, -0.001, 1.005, 2.675, 0.125, 999.995, 9999999.995, 1e21, 1.5e21, 123456789.125,
    1e-7, -1e-7, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 0.1 + 0.2, 96959.31, -3040.69, NaN, Infinity, -Infinity];
  for (const x of edges) expect([x, usdText(x)]).toEqual([x, icu(x)]);
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 5_000; i++) {
    const magnitude = Math.pow(10, Math.floor(rnd() * 30) - 8);
    const sign = rnd() < 0.5 ? -1 : 1;
    // Cents, halves of a cent, and arbitrary doubles.
    const r = rnd();
    const x = r < 0.3 ? sign * Math.round(rnd() * magnitude * 100) / 100 : r < 0.6 ? sign * (Math.floor(rnd() * magnitude * 100) + 0.5) / 100 : sign * rnd() * magnitude;
    expect([x, usdText(x)]).toEqual([x, icu(x)]);
  }
});
