import { describe, expect, test } from "bun:test";
import { barSourceGiven, barSourceRequest } from "./bar-source-args.ts";

describe("bar source flags (backtest's, also strategy check's)", () => {
  test("none, or --bar-size 1d alone, names the default daily SPX; any other names bars", () => {
    expect(barSourceGiven({})).toBe(false);
    expect(barSourceGiven({ "bar-size": "1d" })).toBe(false);
    expect(barSourceGiven({ "bar-size": "5m" })).toBe(true);
    expect(barSourceGiven({ data: "a.csv" })).toBe(true);
    expect(barSourceGiven({ symbol: "SPX" })).toBe(true);
  });

  test("read as backtest reads them: tickers upper-cased, files listed, dates inclusive", () => {
    expect(barSourceRequest({ symbol: "aapl, msft", "bar-size": "5m" })).toEqual({ symbols: ["AAPL", "MSFT"], catalog: undefined, barSize: "5m", timeZone: undefined, from: undefined, to: undefined });
    expect(barSourceRequest({ data: "a.csv,b.parquet", tz: "America/New_York", from: "2024-01-02", to: "2024-01-02" })).toEqual({
      dataFiles: ["a.csv", "b.parquet"], barSize: "1d", timeZone: "America/New_York", from: Date.UTC(2024, 0, 2), to: Date.UTC(2024, 0, 3) - 1,
    });
  });

  test("a bad flag is a UserError naming it", () => {
    const message = (args: Parameters<typeof barSourceRequest>[0]) => {
      try {
        barSourceRequest(args);
      } catch (error) {
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(message({ symbol: "SPX", data: "a.csv" })).toBe("Give either --symbol or --data, not both");
    expect(message({ "bar-size": "7m" })).toBe("--bar-size must be one of 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d, 1w, got '7m'");
    expect(message({ symbol: "a b" })).toBe("--symbol must be a ticker like AAPL or BRK.B, got 'a b'");
    expect(message({ data: " , " })).toBe("--data needs at least one value");
    expect(message({ tz: "Mars/Base" })).toBe("--tz must be an IANA time zone like America/New_York or UTC, got 'Mars/Base'");
    expect(message({ from: "2024-02-01", to: "2024-01-01" })).toBe("--from (2024-02-01T00:00:00Z) must not be after --to (2024-01-01T23:59:59.999Z)");
  });
});
