import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-strategy-check-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Buys on every symbol's third bar with a misspelt call: each symbol it runs on reports it.
writeFileSync(path.join(dir, "third.ts"), `import { defineStrategy, v } from "robotrader";
export default defineStrategy({ name: "third", description: "", params: v.object({}), create() { let n = 0; return { onBar(ctx) { if (++n === 3) ctx.buy(1); } }; } });
`);
const minutes = Array.from({ length: 6 }, (_, i) => `2024-01-02 14:${String(30 + 5 * i).padStart(2, "0")},100,101,99,100,100`).join("\n");
for (const name of ["aaa", "bbb"]) writeFileSync(path.join(dir, `${name}.csv`), `time,open,high,low,close,volume\n${minutes}\n`);

describe("robotrader strategy check over the bars given", () => {
  test("--data two 5-minute files: the check runs on both and says so; a missing file exits 2 naming it", async () => {
    const r = await robotrader(["strategy", "check", "third.ts", "--data", "aaa.csv,bbb.csv", "--bar-size", "5m", "--data-dir", dir], { cwd: dir });
    expect(r.code).toBe(2);
    const threw = (symbol: string) => `./third.ts:2:150: error: onBar threw on ${symbol} at 2024-01-02 14:40 UTC: ctx.buy is not a function. (In 'ctx.buy(1)', 'ctx.buy' is undefined)`;
    expect(r.stdout).toBe(["third.ts: strategy third (symbol) {}", threw("AAA"), threw("BBB"), "ran on 12 bars of AAA, BBB (5m): 0 fills, 0 trades", "2 problem(s)", ""].join("\n"));
    const missing = await robotrader(["strategy", "check", "third.ts", "--data", "nothere.csv", "--json", "--data-dir", dir], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({ error: "invalid-input", message: "--data nothere.csv: no such file", exitCode: 2 });
  });
});
