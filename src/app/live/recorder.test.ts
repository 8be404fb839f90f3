import { describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import type { RunInput } from "../../engine/run-inputs.ts";
import { createLogger } from "../../log/logger.ts";
import { RunRecorder } from "./recorder.ts";

function recorder(write: (first: number, inputs: readonly RunInput[]) => void, lines: string[] = []) {
  const log = createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } as unknown as NodeJS.WritableStream });
  return new RunRecorder({ write, flushMs: 3_600_000, log });
}

describe("RunRecorder", () => {
  test("bars are copied (the feed reuses its bar object), events inside a bar are nested, batches carry consecutive seqs", () => {
    const batches: { first: number; inputs: readonly RunInput[] }[] = [];
    const rec = recorder((first, inputs) => batches.push({ first, inputs }));
    const bar = { time: 1, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 };
    const fill = { kind: "fill" as const, fill: { orderKey: "k", execId: "e", symbol: "A", side: "buy" as const, qty: 1, price: money("1.5"), commission: money(1), time: 2 } };
    rec.bar(0, bar, true);
    rec.event(fill);
    rec.barDone();
    bar.time = 2;
    bar.close = 9;
    rec.event({ kind: "order", key: "k", state: "filled", filledQty: 1, remainingQty: 0, time: 3 });
    for (let i = 0; i < 3000; i++) rec.bar(1, { ...bar, time: 10 + i }, false); // past the first buffer size: it grows
    rec.flush();
    rec.bar(0, bar, false);
    rec.close();
    expect(batches.map((b) => [b.first, b.inputs.length])).toEqual([[0, 3003], [3003, 1]]);
    const [first, second, third] = batches[0]!.inputs;
    expect(first).toEqual({ kind: "bar", slot: 0, history: true, bar: { time: 1, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 } });
    expect(second).toEqual({ kind: "event", event: fill, nested: true });
    expect(third).toMatchObject({ kind: "event", nested: false });
    expect(batches[0]!.inputs.at(-1)).toMatchObject({ kind: "bar", slot: 1, bar: { time: 3009 } });
    expect(batches[1]!.inputs[0]).toMatchObject({ kind: "bar", bar: { time: 2, close: 9 } });
    expect(rec.count).toBe(3004);
  });

  test("a data-only bar (the market index) is kept with its symbol, apart from the engine's bars; it never nests events", () => {
    const batches: RunInput[][] = [];
    const rec = recorder((_first, inputs) => batches.push([...inputs]));
    const bar = { time: 1, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 };
    rec.bar(0, bar, false);
    rec.barDone();
    rec.data("SPX", { ...bar, close: 4000 });
    rec.event({ kind: "order", key: "k", state: "filled", filledQty: 1, remainingQty: 0, time: 3 });
    rec.close();
    expect(batches[0]!.slice(1)).toEqual([
      { kind: "data", symbol: "SPX", bar: { ...bar, close: 4000 } },
      { kind: "event", event: { kind: "order", key: "k", state: "filled", filledQty: 1, remainingQty: 0, time: 3 }, nested: false },
    ]);
  });

  test("a failed write is logged once per run of failures and its batch dropped, leaving a gap in the seqs; the caller goes on", () => {
    const lines: string[] = [];
    const written: number[] = [];
    let fail = true;
    const rec = recorder((first) => {
      if (fail) throw new Error("disk full");
      written.push(first);
    }, lines);
    const bar = { time: 1, open: 1, high: 1, low: 1, close: 1, volume: 1 };
    rec.bar(0, bar, false);
    rec.flush();
    rec.bar(0, { ...bar, time: 2 }, false);
    rec.flush();
    fail = false;
    rec.bar(0, { ...bar, time: 3 }, false);
    rec.close();
    expect(written).toEqual([2]);
    expect(lines.filter((l) => l.includes("replay recording: writing inputs 0..0 failed: disk full"))).toHaveLength(1);
    expect(lines.filter((l) => l.includes("failed"))).toHaveLength(1);
  });
});
