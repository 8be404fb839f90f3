import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../../adapters/embedded/sp500.ts";
import { rulesRegimes } from "../../regime/rules.ts";
import { DEFAULT_FEATURE_SPEC, featureSpecHash, parseFeatureSpec, withMarket } from "./spec.ts";
import { FeatureStream } from "./stream.ts";

describe("regime features", () => {
  test("the symbol's and the market's rules regime as codes, NaN while warming up", () => {
    const bars = embeddedBars().slice(0, 1200);
    const market = bars.map((b) => ({ ...b, close: b.close * (1 + 0.01 * Math.sin(b.time / 8.64e7 / 30)) }));
    const spec = { ...withMarket(DEFAULT_FEATURE_SPEC, "MKT"), regime: true };
    const stream = new FeatureStream(spec);
    const at = (name: string) => stream.names.indexOf(name);
    const rows = bars.map((b, i) => Array.from(stream.update(b, market[i])));
    const own = rulesRegimes(bars.map((b) => b.close));
    const mkt = rulesRegimes(market.map((b) => b.close));
    const code = (l: (typeof own)[number]) => [l.trend === undefined ? NaN : { bear: -1, sideways: 0, bull: 1 }[l.trend], l.vol === undefined ? NaN : { "low-vol": 0, "normal-vol": 1, "high-vol": 2 }[l.vol]];
    expect(rows.map((r) => [r[at("regime_trend")], r[at("regime_vol")]])).toEqual(own.map(code));
    expect(rows.map((r) => [r[at("mkt_regime_trend")], r[at("mkt_regime_vol")]])).toEqual(mkt.map(code));
  });

  test("specs without regime features keep their hash; with them the hash differs and parsing keeps the flag", () => {
    expect(featureSpecHash({ ...DEFAULT_FEATURE_SPEC, regime: false })).toBe(featureSpecHash(DEFAULT_FEATURE_SPEC));
    expect(featureSpecHash({ ...DEFAULT_FEATURE_SPEC, regime: true })).not.toBe(featureSpecHash(DEFAULT_FEATURE_SPEC));
    const parsed = parseFeatureSpec({ ...DEFAULT_FEATURE_SPEC, regime: true });
    expect(parsed.ok && parsed.spec.regime).toBe(true);
  });
});
