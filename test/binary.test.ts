import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pkg from "../package.json" with { type: "json" };

// The shipped artifact: `bun run build` output, run from a directory with no node_modules.
const root = path.resolve(import.meta.dir, "..");
const work = mkdtempSync(path.join(tmpdir(), "robotrader-bin-"));
const binary = path.join(work, "robotrader");

const SUBCOMMANDS = ["run", "backtest", "strategy", "train", "diagnose-gateway", "serve", "data", "sim-gateway", "service", "config"];

function exec(args: string[], env: Record<string, string> = {}) {
  const p = Bun.spawnSync([binary, ...args], { cwd: work, env: { PATH: process.env.PATH ?? "", HOME: work, ...env } });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

beforeAll(() => {
  const build = Bun.spawnSync([process.execPath, "run", "scripts/build.ts", "--outfile", binary], { cwd: root });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the compiled robotrader binary", () => {
  test("--version prints the version and the git revision", () => {
    const r = exec(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(new RegExp(`^robotrader ${pkg.version.replace(/\./g, "\\.")} \\((?!source\\))[0-9a-f]{7,}(-dirty)?\\)$`));
  });

  test("--help lists every subcommand, without terminal colors when piped", () => {
    const r = exec(["--help"]);
    expect(r.code).toBe(0);
    for (const name of SUBCOMMANDS) expect(r.out).toContain(name);
    expect(r.out).not.toContain("\x1b[");
  });

  test("every subcommand has its own --help, and the diagnose alias resolves", () => {
    for (const name of [...SUBCOMMANDS, "diagnose"]) {
      const r = exec([name, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain("USAGE");
      expect(r.out).toContain(`robotrader ${name === "diagnose" ? "diagnose-gateway" : name}`);
    }
  });

  test("train saves models the binary lists, reports on and trades with --strategy ml", () => {
    // --workers 2: the fits run on the fold worker the binary ships (scripts/build.ts), whatever the cores.
    const r = exec(["train", "--model", "lr,gbt", "--from", "2014-01-01", "--workers", "2", "--report", "train.html", "--json"]);
    expect(r.code).toBe(0);
    const trained = JSON.parse(r.out) as { models: { id: string; auc: number }[] };
    expect(trained.models.length).toBe(2);
    expect(readFileSync(path.join(work, "train.html"), "utf8")).toContain("<h2>Calibration</h2>");
    const listed = JSON.parse(exec(["models", "list", "--json"]).out) as { models: { id: string }[] };
    expect(listed.models.map((m) => m.id).sort()).toEqual(trained.models.map((m) => m.id).sort());
    expect(exec(["models", "promote", trained.models[1]!.id]).code).toBe(0);
    const bt = exec(["backtest", "--strategy", "ml", "--from", "2018-01-01", "--no-save", "--json"]);
    expect(bt.code).toBe(0);
    expect(JSON.parse(bt.out).stats).toBeDefined();
  });

  test("a bad config file exits 2 naming the file, key, value and expected form", () => {
    const file = path.join(work, "bad.toml");
    writeFileSync(file, "[gateway]\nport = 99999\n");
    const r = exec(["config", "show", "--config", file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(file);
    expect(r.err).toContain("gateway.port = 99999");
    expect(r.err).toContain("1..65535");
  });

  test("backtest runs on the embedded S&P 500 with no data files around it", () => {
    const r = exec(["backtest", "--json", "--equity", "--no-save"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { stats: Record<string, unknown>; trades: unknown[]; equity: { time: string }[] };
    expect(result.trades.length).toBeGreaterThan(10);
    expect(result.equity[0]?.time).toStartWith("2000-01-03");
    expect(result.equity.at(-1)?.time).toStartWith("2020-04-17");
  });

  test("a strategy file from `strategy new` runs with no build step and no node_modules; check finds a throw's file:line", () => {
    expect(exec(["strategy", "new", "my-ma"]).code).toBe(0);
    const ok = exec(["strategy", "check", "./my-ma.ts", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, name: "my-ma", kind: "symbol", params: { period: 20, average: "sma", exitBelow: true }, bars: 5105 });
    const run = exec(["backtest", "--strategy", "./my-ma.ts", "--set", "period=50,average=ema", "--json", "--no-save"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).trades.length).toBeGreaterThan(10);

    const template = Bun.file(path.join(work, "my-ma.ts"));
    writeFileSync(path.join(work, "broken.ts"), "");
    return template.text().then((text) => {
      const lines = text.replace('name: "my-ma"', 'name: "broken"').split("\n");
      const at = lines.findIndex((l) => l.includes("const above ="));
      lines.splice(at + 1, 0, '        if (ctx.bar.close < 1000) throw new Error("cheap");');
      writeFileSync(path.join(work, "broken.ts"), lines.join("\n"));
      const line = at + 2;
      const check = exec(["strategy", "check", "./broken.ts"]);
      expect(check.code).toBe(2);
      expect(check.out).toMatch(new RegExp(`^\\./broken\\.ts:${line}:\\d+: error: onBar threw on SPX at \\d{4}-\\d{2}-\\d{2}: cheap$`, "m"));
      const backtest = exec(["backtest", "--strategy", "./broken.ts", "--no-save"]);
      expect(backtest.code).toBe(2);
      expect(backtest.err).toContain(`at ./broken.ts:${line}:`);
    });
  });

  test("the strategy file trades in run --sim from the binary", () => {
    // The file from the test above; the simulator replays 1-minute bars at 3000x for a few seconds.
    const r = exec(["run", "--sim", "--strategy", "./my-ma.ts", "--set", "period=5", "--symbols", "AAPL,NVDA", "--bar-size", "1m", "--speed", "3000", "--for", "6s", "--json"]);
    expect({ code: r.code, err: r.code === 0 ? "" : r.err }).toEqual({ code: 0, err: "" });
    const summary = JSON.parse(r.out) as { strategy: string; bars: { live: number }; fills: number };
    expect(summary.strategy).toBe("my-ma");
    expect(summary.bars.live).toBeGreaterThan(0);
  });

  test("every built-in strategy runs from the binary", () => {
    const list = JSON.parse(exec(["strategy", "list", "--json"]).out) as { strategies: { name: string }[] };
    const names = list.strategies.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["sma-cross", "buy-and-hold", "rsi-reversion", "bollinger-reversion", "bollinger-breakout", "macd-cross", "donchian-breakout", "roc-momentum", "momentum-rotation"]));
    // ml trades the model the train test above promoted.
    for (const name of names) {
      const r = exec(["backtest", "--strategy", name, "--json", "--no-save"]);
      expect({ name, code: r.code, err: r.code === 0 ? "" : r.err }).toEqual({ name, code: 0, err: "" });
      expect({ name, traded: JSON.parse(r.out).trades.length > 0 }).toEqual({ name, traded: true });
    }
  });
});

describe("manual control and notifications from the binary", () => {
  /** Like exec, but leaves the event loop free (the webhook receiver below lives in this process). */
  async function run(args: string[], env: Record<string, string> = {}) {
    const p = Bun.spawn([binary, ...args], { cwd: work, env: { PATH: process.env.PATH ?? "", HOME: work, ...env }, stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { code, out, err };
  }

  test("notify test, close, order, pause, resume, stop and status --json against a run --sim; the webhook gets fills and the kill switch", async () => {
    const got: { kind: string; test: boolean; title: string }[] = [];
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async (r) => (got.push((await r.json()) as (typeof got)[number]), new Response("ok")) });
    const dataDir = path.join(work, "control-data");
    const env = { ROBOTRADER_NOTIFY_WEBHOOKS: `http://127.0.0.1:${server.port}/hook/tok3n-secret-value` };
    const dd = ["--data-dir", dataDir];
    let runner: ReturnType<typeof Bun.spawn> | undefined;
    try {
      const t = await run(["notify", "test", "--json"], env);
      expect({ code: t.code, err: t.code === 0 ? "" : t.err }).toEqual({ code: 0, err: "" });
      const tested = JSON.parse(t.out) as { events: number; webhooks: { webhook: string; sent: number }[] };
      expect(tested.webhooks).toEqual([expect.objectContaining({ webhook: `json:http://127.0.0.1:${server.port}/***`, sent: tested.events })]);
      expect(got.filter((g) => g.test).length).toBe(tested.events);
      expect(t.out + t.err).not.toContain("tok3n-secret-value");
      const shown = await run(["config", "show", "--json"], env);
      expect(shown.out).toContain(`json:http://127.0.0.1:${server.port}/***`);
      expect(shown.out + shown.err).not.toContain("tok3n-secret-value");

      const none = await run(["close", "AAPL", "--json", ...dd]);
      expect(none.code).toBe(2);
      expect(JSON.parse(none.out).message).toContain("no runner");

      const proc = Bun.spawn([binary, "run", "--sim", "--strategy", "buy-and-hold", "--symbols", "AAPL,MSFT", "--json", ...dd], { cwd: work, env: { PATH: process.env.PATH ?? "", HOME: work, ...env }, stdout: "pipe", stderr: "pipe" });
      runner = proc;
      const summaryText = new Response(proc.stdout).text();
      const deadline = Date.now() + 60_000;
      while (!got.some((g) => !g.test && g.kind === "fill" && g.title.includes("AAPL")) && Date.now() < deadline) await Bun.sleep(100);
      expect(got.filter((g) => !g.test).map((g) => g.kind)).toEqual(expect.arrayContaining(["runner-start", "fill"]));

      const json = async (args: string[]) => {
        const r = await run([...args, "--json", ...dd]);
        expect({ args, code: r.code, err: r.code === 0 ? "" : r.err }).toEqual({ args, code: 0, err: "" });
        return JSON.parse(r.out);
      };
      expect((await json(["pause", "--reason", "test"])).paused).toBe(true);
      const order = await json(["order", "buy", "MSFT", "1"]);
      expect(order.request).toMatchObject({ state: "done", by: expect.stringMatching(/^cli:/), orders: [expect.stringMatching(/^rt:manual:MSFT:buy:/)] });
      const closed = await json(["close", "AAPL"]);
      expect(closed.request).toMatchObject({ state: "done", orders: [expect.stringMatching(/^rt:manual:AAPL:sell:/)] });
      const again = await json(["close", "AAPL"]);
      expect(again.request.orders).toEqual([]);
      expect(again.request.message).toMatch(/already (closing|flat)/);
      await json(["kill-switch", "on", "--reason", "binary test"]);
      while (!got.some((g) => g.kind === "kill-switch" && !g.test) && Date.now() < deadline) await Bun.sleep(100);
      expect((await json(["resume"])).paused).toBe(false);
      const status = await json(["status"]);
      expect(status.control.requests.map((r: { action: { kind: string } }) => r.action.kind)).toEqual(["close", "close", "order"]);
      expect((await json(["stop"])).request.state).toBe("done");
      expect(await proc.exited).toBe(0);
      expect(JSON.parse(await summaryText).stopReason).toMatch(/^stop requested by cli:/);
      expect(got.map((g) => g.kind)).toContain("kill-switch");
      expect(got.map((g) => g.kind)).toContain("runner-stop");
    } finally {
      runner?.kill();
      server.stop(true);
    }
  }, 180_000);
});
