import { describe, expect, test } from "bun:test";
import { CLOSED_CIRCUIT, checkCircuitOptions, circuitAllows, circuitAt, recordFailure, recordSuccess } from "./circuit-breaker.ts";

const opts = { failureThreshold: 3, coolDownMs: 60_000 };

describe("circuit breaker", () => {
  test("opens on the Nth consecutive failure, not before", () => {
    let s = CLOSED_CIRCUIT;
    s = recordFailure(s, 1000, "timeout", opts);
    s = recordFailure(s, 2000, "timeout", opts);
    expect(s).toMatchObject({ status: "closed", failures: 2 });
    expect(circuitAllows(s, 2000, opts)).toBe(true);
    s = recordFailure(s, 3000, "pacing violation", opts);
    expect(s).toEqual({ status: "open", failures: 3, openedAt: 3000, lastFailure: "pacing violation" });
    expect(circuitAllows(s, 3000, opts)).toBe(false);
  });

  test("a success in between resets the count", () => {
    let s = recordFailure(recordFailure(CLOSED_CIRCUIT, 1, "x", opts), 2, "x", opts);
    s = recordSuccess(s, 3, opts);
    s = recordFailure(recordFailure(s, 4, "x", opts), 5, "x", opts);
    expect(s.status).toBe("closed");
  });

  test("half-open exactly when the cool-down has passed; a success re-arms it", () => {
    let s = recordFailure(recordFailure(recordFailure(CLOSED_CIRCUIT, 0, "x", opts), 0, "x", opts), 0, "x", opts);
    expect(circuitAt(s, 59_999, opts).status).toBe("open");
    expect(circuitAt(s, 60_000, opts).status).toBe("half-open");
    expect(recordSuccess(s, 30_000, opts).status).toBe("open"); // still cooling down
    s = recordSuccess(s, 60_000, opts);
    expect(s).toEqual(CLOSED_CIRCUIT);
  });

  test("a failure while half-open opens it again with a fresh cool-down", () => {
    const open = recordFailure(recordFailure(recordFailure(CLOSED_CIRCUIT, 0, "x", opts), 0, "x", opts), 0, "x", opts);
    const again = recordFailure(open, 70_000, "broker down", opts);
    expect(again).toMatchObject({ status: "open", openedAt: 70_000, lastFailure: "broker down" });
    expect(circuitAt(again, 129_999, opts).status).toBe("open");
    expect(circuitAt(again, 130_000, opts).status).toBe("half-open");
  });

  test("options are checked", () => {
    expect(() => checkCircuitOptions({ failureThreshold: 0, coolDownMs: 1 })).toThrow("failureThreshold must be an integer >= 1");
    expect(() => checkCircuitOptions({ failureThreshold: 1, coolDownMs: -1 })).toThrow("coolDownMs");
  });
});
