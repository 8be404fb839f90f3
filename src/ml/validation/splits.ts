import { splitWindows, type WindowSpec } from "../../backtest/walk-forward/windows.ts";
import { firstAfter } from "../../core/sorted-search.ts";

/**
 * Row positions on a shared time line: `at[i]` is the time-line index of row i's bar and
 * `end[i]` the index of the last bar its label looks at (at[i] < end[i]). Rows are in time order.
 */
export interface RowSpans {
  readonly at: Int32Array;
  readonly end: Int32Array;
  /** Time of each time-line index. */
  readonly timeline: Float64Array;
}

export interface Fold {
  readonly index: number;
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * Training rows for a test block of time-line indices [testFrom, testTo): every row whose label
 * window [at + 1, end] reaches into [testFrom - embargo, testTo + embargo) is purged, and no
 * test row trains. With `before`, only rows before the block train (time split, walk-forward).
 */
function purgedTrain(s: RowSpans, testFrom: number, testTo: number, embargo: number, candidates: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < s.at.length; i++) {
    if (!candidates(i)) continue;
    const a = s.at[i]!, e = s.end[i]!;
    if (a >= testFrom - embargo && a < testTo + embargo) continue; // in (or embargoed next to) the test block
    if (a < testFrom && e >= testFrom - embargo) continue; // label reaches into the test block
    out.push(i);
  }
  return Int32Array.from(out);
}

function rowsIn(s: RowSpans, from: number, to: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < s.at.length; i++) if (s.at[i]! >= from && s.at[i]! < to) out.push(i);
  return Int32Array.from(out);
}

/** Train on rows up to trainEnd (labels ending `embargo` bars before the test starts), test on the rest. */
export function timeSplit(s: RowSpans, trainEnd: number, embargo: number): Fold[] {
  const testFrom = firstAfter(s.timeline, trainEnd);
  return [{ index: 0, train: purgedTrain(s, testFrom, s.timeline.length, embargo, (i) => s.at[i]! < testFrom), test: rowsIn(s, testFrom, s.timeline.length) }];
}

/** The backtest's walk-forward windows on the time line; training rows purged at each test start. */
export function walkForwardFolds(s: RowSpans, spec: WindowSpec, embargo: number): Fold[] {
  return splitWindows(s.timeline, spec).map((w) => ({
    index: w.index,
    train: purgedTrain(s, w.test.from, w.test.to, embargo, (i) => s.at[i]! >= w.train.from && s.at[i]! < w.test.from),
    test: rowsIn(s, w.test.from, w.test.to),
  }));
}

/**
 * K contiguous test blocks; each trains on all other rows except those whose label window
 * overlaps the block and those within `embargo` bars after it (López de Prado's purged k-fold).
 */
export function purgedKFold(s: RowSpans, k: number, embargo: number): Fold[] {
  const first = s.at[0] ?? 0, last = (s.at[s.at.length - 1] ?? 0) + 1;
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const from = first + Math.floor(((last - first) * f) / k), to = first + Math.floor(((last - first) * (f + 1)) / k);
    const test = rowsIn(s, from, to);
    if (test.length === 0) continue;
    // Rows after the block are embargoed only after it; rows before it purged by their label end.
    const train: number[] = [];
    for (let i = 0; i < s.at.length; i++) {
      const a = s.at[i]!, e = s.end[i]!;
      if (a >= from && a < to) continue;
      if (a < from && e >= from) continue;
      if (a >= to && a < to + embargo) continue;
      train.push(i);
    }
    folds.push({ index: folds.length, train: Int32Array.from(train), test });
  }
  return folds;
}
