import { describe, expect, test } from "bun:test";
import { FakeClock } from "../../clock/fake-clock.ts";
import { fail, ok, type IbResult } from "../result.ts";
import { PACING_RETRY_MS, retryPacing } from "./pacing-retry.ts";

const pacing = fail<number>({ kind: "ib-error", code: 162, message: "Historical Market Data Service error message:API historical data query cancelled: pacing violation", request: "historical MSFT" });
const noData = fail<number>({ kind: "ib-error", code: 162, message: "HMDS query returned no data", request: "historical MSFT" });

describe("the pacing retry schedule", () => {
  test("a 162 pacing refusal is asked again after 16 s, 1 min and 10 min, then reported", async () => {
    const clock = new FakeClock(0);
    const waits: number[] = [];
    let calls = 0;
    const done = retryPacing(async () => (calls++, pacing), { clock, onWait: (ms, attempt, of) => waits.push(ms, attempt, of) });
    await clock.advanceAsync(16_000 + 60_000 + 600_000);
    expect(await done).toBe(pacing);
    expect(calls).toBe(4);
    expect(PACING_RETRY_MS).toEqual([16_000, 60_000, 600_000]);
    expect(waits).toEqual([16_000, 1, 3, 60_000, 2, 3, 600_000, 3, 3]);
  });

  test("an answer after a refusal ends the retries; 'no data' (also 162) and other errors are never retried", async () => {
    const clock = new FakeClock(0);
    const answers: IbResult<number>[] = [pacing, ok(7)];
    const done = retryPacing(async () => answers.shift()!, { clock });
    await clock.advanceAsync(16_000);
    expect(await done).toEqual(ok(7));
    let calls = 0;
    expect(await retryPacing(async () => (calls++, noData), { clock })).toBe(noData);
    expect(calls).toBe(1);
  });

  test("an abort ends the wait at once with the refusal", async () => {
    const clock = new FakeClock(0);
    const abort = new AbortController();
    const done = retryPacing(async () => pacing, { clock, signal: abort.signal, onWait: () => abort.abort() });
    expect(await done).toBe(pacing);
    expect(clock.pending).toBe(0);
  });
});
