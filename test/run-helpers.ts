import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as v from "valibot";
import { openDatabase, type Db } from "../src/adapters/sqlite/db.ts";
import { runLive, type RunLiveOptions } from "../src/app/live/run-live.ts";
import type { RunSummary } from "../src/app/live/summary.ts";
import { AppConfigSchema, type AppConfig, type AppConfigInput } from "../src/config/schema.ts";
import { createLogger } from "../src/log/logger.ts";
import { configureStrategy } from "../src/strategy/registry.ts";

export const quietLog = createLogger({ quiet: true, format: "json" });

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "rt-run-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dataDir: string, input: Partial<AppConfigInput> = {}): AppConfig {
  return v.parse(AppConfigSchema, { dataDir, ...input });
}

/** A read connection of its own, like `status` in another process. */
export function reader(dataDir: string): Db {
  return openDatabase(path.join(dataDir, "robotrader.db"));
}

export interface SimSession {
  readonly summary: Promise<RunSummary>;
  readonly started: Promise<Parameters<NonNullable<RunLiveOptions["onStarted"]>>[0]>;
  stop(): void;
}

/** A --sim run in this process; stop() ends it like SIGTERM would. */
export function simSession(config: AppConfig, options: Partial<RunLiveOptions> = {}): SimSession {
  const controller = new AbortController();
  let onStarted!: (info: Parameters<NonNullable<RunLiveOptions["onStarted"]>>[0]) => void;
  const started = new Promise<Parameters<NonNullable<RunLiveOptions["onStarted"]>>[0]>((resolve) => (onStarted = resolve));
  const summary = runLive({
    config, log: quietLog, strategy: configureStrategy("sma-cross", { fast: 3, slow: 8 }), broker: "paper", live: false,
    symbols: ["AAPL", "MSFT", "NVDA", "TSLA"], sim: { speed: 300 }, signal: controller.signal, onStarted, ...options,
  });
  summary.catch(() => {});
  // A run that fails before it trades rejects `started` too, so a test says why instead of timing out.
  const failedEarly = summary.then(() => Promise.reject(new Error("the run ended before it started trading")));
  failedEarly.catch(() => {});
  return { summary, started: Promise.race([started, failedEarly]), stop: () => controller.abort(new Error("SIGTERM")) };
}

/** Polls until `check` holds (the session runs on real sockets and timers), at most `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 45_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await Bun.sleep(everyMs);
  }
}

export const count = (db: Db, sql: string, params: Record<string, string | number> = {}): number =>
  (db.query(sql).get(params) as { n: number }).n;
