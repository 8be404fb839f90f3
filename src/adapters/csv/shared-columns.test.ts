import { expect, test } from "bun:test";
import { offsetToHugePage } from "../os/huge-pages.ts";
import { sharedColumns } from "./shared-columns.ts";

function checkLayout(capacity: number, sure: number) {
  const s = sharedColumns(capacity, sure);
  expect(s.columns.length).toBe(6);
  expect(s.offsets.length).toBe(6);
  s.columns.forEach((column, k) => {
    expect(column.buffer).toBe(s.buffer);
    expect(column.byteOffset).toBe(s.offsets[k]!);
    expect(column.length).toBe(capacity);
    if (k > 0) expect(column.byteOffset).toBeGreaterThanOrEqual(s.offsets[k - 1]! + capacity * 8); // no overlap
  });
  // What one column holds is its own: written through each, read back through fresh views as the other thread makes them.
  s.columns.forEach((column, k) => column.fill(k + 1));
  // The run's equity column and exposure flags come after the six, overlapping none of them or each other.
  const equity = new Float64Array(s.buffer, s.equityOffset, capacity);
  const flags = new Uint8Array(s.buffer, s.flagsOffset, capacity);
  expect(s.equityOffset).toBeGreaterThanOrEqual(s.offsets[5]! + capacity * 8);
  expect(s.flagsOffset).toBeGreaterThanOrEqual(s.equityOffset + capacity * 8);
  expect(s.flagsOffset + capacity).toBeLessThanOrEqual(s.buffer.byteLength);
  equity.fill(7);
  flags.fill(1);
  s.offsets.forEach((offset, k) => {
    const view = new Float64Array(s.buffer, offset, s.capacity);
    expect(view[0]).toBe(k + 1);
    expect(view[capacity - 1]).toBe(k + 1);
  });
  expect(equity[capacity - 1]).toBe(7);
  return s;
}

test("six columns and the run's two in one shared buffer, each its own capacity, small ones packed", () => {
  const s = checkLayout(1000, 970);
  expect(s.buffer.byteLength).toBe(7 * 1000 * 8 + 1000);
});

test("columns for huge pages each start on a 2 MiB boundary where the system offers them", () => {
  const s = checkLayout(1_250_000, 970_000); // 10 MB a column
  const toHuge = s.columns.map((column) => offsetToHugePage(column));
  // undefined: no huge pages here (another OS, ROBOTRADER_HUGE_PAGES=0); the columns are still sound.
  if (toHuge[0] !== undefined) {
    expect(toHuge).toEqual([0, 0, 0, 0, 0, 0]);
    expect(offsetToHugePage(new Float64Array(s.buffer, s.equityOffset, 1))).toBe(0);
  }
});
