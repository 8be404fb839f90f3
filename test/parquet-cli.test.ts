import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-parquet-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => robotrader([...args, "--data-dir", dir], { cwd: dir });

describe("Parquet through the CLI", () => {
  test("export to a catalogue, back-test from it and from the file, import it: the same bars and the same trades", async () => {
    const catalog = path.join(dir, "catalog");
    const exported = await cli("data", "export", "--symbol", "SPX", "--bar-size", "1d", "--catalog", catalog, "--json");
    expect(exported.stderr).toBe("");
    expect(JSON.parse(exported.stdout)).toMatchObject({ symbol: "SPX", bars: 5105, source: "embedded" });
    const file = path.join(catalog, "1d", "SPX.parquet");
    expect(existsSync(file)).toBe(true);

    const run = async (...source: string[]) => {
      const r = await cli("backtest", ...source, "--json", "--no-save");
      expect([r.code, r.stderr]).toEqual([0, ""]);
      return JSON.parse(r.stdout) as { trades: { symbol: string }[]; stats: Record<string, unknown> };
    };
    const embedded = await run("--symbol", "SPX");
    const fromCatalog = await run("--symbol", "SPX", "--catalog", catalog);
    const fromFile = await run("--data", file);
    expect(fromCatalog).toEqual(embedded);
    expect(fromFile.stats).toEqual(embedded.stats);
    expect(fromFile.trades).toEqual(embedded.trades.map((t) => ({ ...t, symbol: "SPX" })));

    const imported = await cli("data", "import", file, "--symbol", "COPY", "--bar-size", "1d", "--json");
    expect(imported.stderr).toBe("");
    expect(JSON.parse(imported.stdout)).toMatchObject({ bars: 5105, inserted: 5105 });
    const missing = await cli("backtest", "--symbol", "AAPL", "--catalog", catalog, "--no-save");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(path.join(catalog, "1d", "AAPL.parquet"));
  });
});
