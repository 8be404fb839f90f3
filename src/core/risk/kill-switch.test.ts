import { describe, expect, test } from "bun:test";
import { context, long, order } from "./_fixture.ts";
import { killSwitch } from "./kill-switch.ts";
import { circuitBreakerRule } from "./circuit-breaker-rule.ts";

const ok = { kind: "accepted" } as const;

describe("kill switch and circuit breaker", () => {
  test("kill switch on refuses everything by default, with the reason", () => {
    const ctx = context({ killSwitch: { on: true, reason: "daily loss limit" }, positions: [long("AAPL", 10, 100)] });
    expect(killSwitch().check(order(), context())).toEqual(ok);
    expect(killSwitch().check(order({ side: "sell", qty: 10 }), ctx)).toMatchObject({ kind: "refused", rule: "kill-switch", limit: "off", actual: "on" });
    expect(killSwitch().check(order(), ctx)).toMatchObject({ message: expect.stringContaining("(daily loss limit)") });
  });
  test("kill switch may let exits through when configured", () => {
    const ctx = context({ killSwitch: { on: true }, positions: [long("AAPL", 10, 100)] });
    expect(killSwitch({ allowReducing: true }).check(order({ side: "sell", qty: 10 }), ctx)).toEqual(ok);
    expect(killSwitch({ allowReducing: true }).check(order(), ctx)).toMatchObject({ kind: "refused" });
  });
  test("circuit breaker: open refuses, half-open and closed accept", () => {
    const rule = circuitBreakerRule();
    expect(rule.check(order(), context({ circuit: { status: "open", reason: "5 broker timeouts" } }))).toMatchObject({ kind: "refused", rule: "circuit-breaker" });
    expect(rule.check(order(), context({ circuit: { status: "half-open" } }))).toEqual(ok);
    expect(rule.check(order(), context())).toEqual(ok);
  });
});
