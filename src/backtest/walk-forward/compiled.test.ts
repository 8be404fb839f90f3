import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The release binary is built with `bun build --compile --root src src/main.ts
// src/backtest/walk-forward/worker.ts` (scripts/build.ts). This builds the same shape and checks
// that the in-sample runs find their worker inside the binary (job-pool.test.ts probes the pool itself).
const src = path.resolve(import.meta.dir, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "wf-compiled-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the engine's walk-forward worker runs inside a compiled binary", () => {
  const entry = path.join(dir, "engine-entry.ts");
  const mod = (file: string) => JSON.stringify(path.join(src, "backtest", file));
  writeFileSync(
    entry,
    `import { randomWalkSeries } from ${mod("random-walk.ts")};
import { runEngineWalkForward } from ${mod("walk-forward/engine.ts")};
import { plainSetup } from ${mod("../engine/trading-setup.ts")};
import { parseWalkForwardFlags } from ${JSON.stringify(path.join(src, "cli/_walk-forward-flags.ts"))};
const config = parseWalkForwardFlags({ "walk-forward": "rolling", train: "300", test: "100", grid: "fast=5,10:slow=20,40" });
const wf = await runEngineWalkForward({ series: [randomWalkSeries("AAA", 600, 3)], strategy: "sma-cross", fixedParams: {},
  setup: plainSetup({ sizing: { kind: "pct-equity", pct: 100 } }), barsPerYear: 252, initialCash: 100000, config, workers: 2 });
console.log(JSON.stringify({ windows: wf.windows.length, bars: wf.equity.length }));
`,
  );
  const outfile = path.join(dir, "engine-probe");
  const build = Bun.spawnSync([process.execPath, "build", "--compile", "--root", src, entry, path.join(src, "backtest/walk-forward/worker.ts"), "--outfile", outfile]);
  expect(build.exitCode, build.stderr.toString()).toBe(0);
  const run = Bun.spawnSync([outfile], { cwd: tmpdir() });
  expect(run.stderr.toString()).toBe("");
  expect(JSON.parse(run.stdout.toString())).toEqual({ windows: 3, bars: 300 });
}, 60_000);
