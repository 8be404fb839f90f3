import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeWaitOn } from "./ib-raw-server.ts";
import { Harness } from "./ib-sim-helpers.ts";
import { robotrader } from "./helpers/cli.ts";

/** `robotrader data fetch` as a user runs it: a separate process against the simulator over TCP. */

const h = new Harness();
afterEach(() => h.cleanup());
/** In `cwd`, with nothing from this environment but PATH. */
const fetchCli = (cwd: string, args: string[]) => robotrader(args, { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd } });

type Fetched = { symbols: { symbol: string; requests: number; inserted: number; unchanged: number; error: string | null; interrupted: boolean }[] };

describe("robotrader data fetch (CLI)", () => {
  test("two symbols, 2 Y of daily bars; the re-run asks once per symbol and stores nothing twice; data list shows them", async () => {
    const sim = await h.sim();
    const cwd = mkdtempSync(path.join(tmpdir(), "rt-fetch-"));
    const args = ["data", "fetch", "--symbols", "SPX,AAPL", "--duration", "2 Y", "--bar-size", "1 day", "--port", String(sim.port), "--json", "-q"];
    const first = await fetchCli(cwd, args);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout) as Fetched;
    expect(a.symbols.map((s) => [s.symbol, s.error, s.interrupted])).toEqual([["SPX", null, false], ["AAPL", null, false]]);
    expect(a.symbols.every((s) => s.inserted > 480 && s.requests >= 2)).toBe(true);

    const again = await fetchCli(cwd, args);
    expect(again.code).toBe(0);
    const b = JSON.parse(again.stdout) as Fetched;
    expect(b.symbols.map((s) => [s.symbol, s.requests, s.inserted])).toEqual([["SPX", 1, 0], ["AAPL", 1, 0]]);

    const list = await fetchCli(cwd, ["data", "list", "--json"]);
    expect(list.code).toBe(0);
    const rows = (JSON.parse(list.stdout) as { series: { symbol: string; barSize: string; count: number; source: string }[] }).series;
    const stored = rows.filter((r) => r.source === "store").map((r) => [r.symbol, r.barSize, r.count]);
    expect(stored).toEqual(expect.arrayContaining([["AAPL", "1d", a.symbols[1]!.inserted], ["SPX", "1d", a.symbols[0]!.inserted]]));
    expect(closeWaitOn(sim.port)).toEqual([]);
  });

  test("bad flags exit 2 naming the flag and the expected form", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rt-fetch-"));
    const cases: [string[], string][] = [
      [["--bar-size", "10 secs"], '--bar-size: expected one of "1 secs", "5 secs", "1 min"'],
      [["--duration", "2 X"], "--duration: expected a count and a unit S, D, W, M or Y"],
      [["--symbols", "AA PL"], "--symbols"],
      [["--port", "70000"], "--port"],
    ];
    for (const [flags, message] of cases) {
      const r = await fetchCli(cwd, ["data", "fetch", ...flags]);
      expect([flags, r.code]).toEqual([flags, 2]);
      expect(r.stderr).toContain(message);
    }
  });

  test("no gateway listening: exit 1 (not a usage error), says to run diagnose-gateway; --json names the error", async () => {
    const sim = await h.sim();
    const port = sim.port;
    await sim.close();
    const cwd = mkdtempSync(path.join(tmpdir(), "rt-fetch-"));
    const r = await fetchCli(cwd, ["data", "fetch", "--symbols", "AAPL", "--port", String(port), "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`diagnose-gateway --port ${port}`);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: "gateway-unavailable" });
  });
});
