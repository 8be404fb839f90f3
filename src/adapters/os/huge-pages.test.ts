import { expect, test } from "bun:test";
import { adviseHugePages, largeFloat64Array } from "./huge-pages.ts";

test("a large column is zeroed, full length, and keeps what is written, advised or not", () => {
  const n = 1_500_000; // 12 MB: several whole 2 MiB pages
  const a = largeFloat64Array(n, 1_400_000);
  expect(a.length).toBe(n);
  let nonZero = 0;
  for (let i = 0; i < n; i++) if (a[i] !== 0) nonZero++;
  expect(nonZero).toBe(0);
  for (let i = 0; i < n; i++) a[i] = i * 0.5;
  let wrong = 0;
  for (let i = 0; i < n; i++) if (a[i] !== i * 0.5) wrong++;
  expect(wrong).toBe(0);
});

test("advice covers only whole 2 MiB pages: none inside a small array", () => {
  expect(adviseHugePages(new Float64Array(1000))).toBe(false);
  const small = largeFloat64Array(1000);
  expect(small.length).toBe(1000);
});
