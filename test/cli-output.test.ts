import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { envWithoutRobotrader, finished, MAIN } from "./helpers/cli.ts";

const cwd = mkdtempSync(path.join(tmpdir(), "cli-output-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

test("--json bigger than a pipe's buffer reaches a reader that is slow to start, once and whole", async () => {
  // A shell pipe is a real OS pipe (64 KiB on Linux); the reader starts late on purpose, so the
  // writer meets a full pipe. Bun.write(Bun.stdout) then wrote the first 64 KiB twice.
  const script = `"$0" "$1" backtest --json --no-save | { sleep 1; cat; }`;
  const env = { ...envWithoutRobotrader(), ROBOTRADER_CONFIG: "", NO_COLOR: "1" };
  const { stdout, code } = await finished(Bun.spawn(["sh", "-c", script, process.execPath, MAIN], { cwd, env, stdout: "pipe", stderr: "pipe" }));
  expect(code).toBe(0);
  expect(stdout.length).toBeGreaterThan(100_000);
  const json = JSON.parse(stdout) as { stats: { trades: number }; trades: unknown[] };
  expect(json.trades.length).toBeGreaterThan(10);
});
