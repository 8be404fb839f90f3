import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-shard-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WF = ["backtest", "--walk-forward", "rolling", "--train", "756", "--test", "756", "--grid", "fast=5,10:slow=30,60", "--no-save", "--data-dir", dir];

test("backtest --shard I/N writes parts; robotrader merge prints the unsharded run's result", async () => {
  const whole = await robotrader([...WF, "--json"], { cwd: dir });
  expect(whole.code).toBe(0);
  for (const i of [0, 1]) {
    const part = await robotrader([...WF, "--shard", `${i}/2`, "--shard-out", path.join(dir, `part-${i}.json`), "--json"], { cwd: dir });
    expect([part.code, part.stderr]).toEqual([0, ""]);
    expect(JSON.parse(part.stdout)).toMatchObject({ shard: `${i}/2`, jobs: expect.any(Number), ran: expect.any(Number) });
  }
  const merged = await robotrader(["merge", path.join(dir, "part-0.json"), path.join(dir, "part-1.json"), "--no-save"], { cwd: dir });
  expect([merged.code, merged.stderr]).toEqual([0, ""]);
  expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
  const missing = await robotrader(["merge", path.join(dir, "part-0.json")], { cwd: dir });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("missing shard 1/2");
});
