import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { envWithoutRobotrader, finished, MAIN } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-pipe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A pipe holds 64 KiB: a reader that starts late makes the writer wait. Bun.write(Bun.stdout) then
// wrote the first 64 KiB and the whole text again. Through a shell pipe, as a user pipes into jq.
test("a large --json result piped into a late reader arrives whole and once", async () => {
  const probe = path.join(import.meta.dir, "fixtures", "pipe-probe.ts");
  const r = await finished(Bun.spawn([process.execPath, probe, MAIN, dir], { cwd: dir, env: { ...envWithoutRobotrader(), NODE_ENV: undefined }, stdout: "pipe", stderr: "pipe" }));
  expect(r.code, r.stderr).toBe(0);
  const text = readFileSync(path.join(dir, "piped.json"), "utf8");
  expect(text.length).toBeGreaterThan(65_536);
  const parsed = JSON.parse(text) as { trades: unknown[] };
  expect(parsed.trades.length).toBeGreaterThan(0);
});
