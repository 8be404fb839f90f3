import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../adapters/embedded/sp500.ts";
import { causalHmmStates } from "./causal-hmm.ts";
import { logReturns } from "./log-returns.ts";

const bars = embeddedBars();
const returns = logReturns(bars.map((b) => b.close));
const at = (date: string) => bars.findIndex((b) => b.time === Date.parse(date)) - 1; // return index of that bar

describe("causal HMM states (refits on past returns only)", () => {
  const states = causalHmmStates(returns, { states: 2 });

  test("unknown before the first fit; the 2008 crisis and March 2020 are high-volatility", () => {
    expect(states[100]).toBe(-1);
    expect(states[at("2008-10-15")]).toBe(1);
    expect(states[at("2020-03-16")]).toBe(1);
    expect(states[at("2017-06-15")]).toBe(0);
  });

  test("the state at t does not change when returns after t change", () => {
    const cut = 3000;
    const changed = Float64Array.from(returns);
    for (let i = cut + 1; i < changed.length; i++) changed[i] = i % 2 ? 0.04 : -0.04;
    const other = causalHmmStates(changed, { states: 2 });
    expect(Array.from(other.subarray(0, cut + 1))).toEqual(Array.from(states.subarray(0, cut + 1)));
    expect(Array.from(other.subarray(cut + 1))).not.toEqual(Array.from(states.subarray(cut + 1)));
  });
});
