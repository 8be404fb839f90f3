import { expect, test } from "bun:test";
import { marketRegimeNotice } from "./market-regime-notice.ts";

test("a market regime filter without the index among the traded symbols is explained at start; with it, or per symbol, nothing is said", () => {
  const market = { regimeFilter: { filter: "bull", source: "market" as const } };
  expect(marketRegimeNotice(market, ["AAPL", "MSFT"])).toContain("reads the market regime of SPX, which this run does not trade");
  expect(marketRegimeNotice(market, ["AAPL", "MSFT"])).toContain("the filter allows no entry");
  expect(marketRegimeNotice(market, ["AAPL", "SPX"])).toBeUndefined();
  expect(marketRegimeNotice({ regimeFilter: { filter: "bull", source: "symbol" } }, ["AAPL"])).toBeUndefined();
  expect(marketRegimeNotice({}, ["AAPL"])).toBeUndefined();
});
