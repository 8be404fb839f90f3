import { expect, test } from "bun:test";
import { reconcileSummary } from "./summary.ts";

const problem = { kind: "position-mismatch", symbol: "MSFT", message: "MSFT: database position 0 but IB holds 10" };

test("the log line says ok only when IB was asked and nothing differs", () => {
  expect(reconcileSummary({ trigger: "start", ok: true, problems: [], recoveredFills: 0 })).toBe("reconciliation (start): ok; 0 recovered fill(s)");
  expect(reconcileSummary({ trigger: "start", ok: true, problems: [problem, problem], recoveredFills: 1 })).toBe("reconciliation (start): 2 problem(s); 1 recovered fill(s)");
  expect(reconcileSummary({ trigger: "1101", ok: false, problems: [problem], recoveredFills: 0 })).toBe("reconciliation (1101): FAILED (broker not asked); 0 recovered fill(s)");
});
