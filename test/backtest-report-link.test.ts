import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readRuns } from "../src/adapters/sqlite/page/runs.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-report-link-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a backtest run stores its report's resolved path; /api/runs reads it as an existing report (the page's 'open report' link)", async () => {
  // A relative --report from the command's working directory: stored absolute, so `serve` finds it from anywhere.
  const { stdout: out, code } = await robotrader(["backtest", "--data-dir", path.join(dir, "data"), "--report", "reports/spx.html", "--json"], { cwd: dir });
  expect(code).toBe(0);
  const { runId } = JSON.parse(out) as { runId: number };
  const db = openDatabase(path.join(dir, "data", "robotrader.db"), { readonly: true });
  try {
    const [run] = readRuns(db, { id: runId });
    expect(run?.report).toEqual({ path: path.join(dir, "reports", "spx.html"), exists: true });
    expect((run?.params as { report?: string }).report).toBe(path.join(dir, "reports", "spx.html"));
  } finally {
    db.close();
  }
}, 60_000);
