import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pkg from "../package.json" with { type: "json" };

// The shipped artifact: `bun run build` output, run from a directory with no node_modules.
const root = path.resolve(import.meta.dir, "..");
const work = mkdtempSync(path.join(tmpdir(), "robotrader-bin-"));
const binary = path.join(work, "robotrader");

const SUBCOMMANDS = ["run", "backtest", "train", "diagnose-gateway", "serve", "data", "sim-gateway", "service", "config"];

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

  test("a command not built yet exits 2 and says so, inventing nothing on stdout", () => {
    const r = exec(["train"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("not implemented yet");
    expect(r.out).toBe("");
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
});
