import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listSeries } from "../src/adapters/sqlite/bars-repo.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { finished } from "./helpers/cli.ts";

// DESIGN.md Storage: "The runner writes, the status page reads, at the same time."
// Two real processes on one database file; any "database is locked" shows up in `errors`.
const dir = mkdtempSync(path.join(tmpdir(), "rt-concurrency-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => path.join(import.meta.dir, "fixtures", name);

async function run(args: string[]): Promise<Record<string, unknown>> {
  const { stdout: out, stderr: err, code } = await finished(Bun.spawn([process.execPath, ...args], { stdout: "pipe", stderr: "pipe" }));
  if (code !== 0) throw new Error(`${args[0]} exited ${code}: ${err}`);
  return JSON.parse(out.trim()) as Record<string, unknown>;
}

describe("two processes on one database", () => {
  test("a reader and a writer run together with no lock errors and consistent snapshots", async () => {
    const file = path.join(dir, "rw.db");
    openDatabase(file).close();
    const ready = path.join(dir, "reader-ready");
    const writes = 1000;
    // The writer starts writing only once the reader reads; the reader reads until the writer is done.
    const [writer, reader] = await Promise.all([
      run([fixture("store-writer.ts"), file, "RW", String(writes), ready]),
      run([fixture("store-reader.ts"), file, "RW", ready]),
    ]);
    expect(writer).toEqual({ writes, errors: [] });
    expect(reader.errors).toEqual([]);
    expect(reader.inconsistent).toBe(0);
    expect(reader.last).toBe(writes);
    // It saw the data grow while it was being written, i.e. the two really overlapped.
    expect(reader.distinct as number).toBeGreaterThan(2);
  }, 60_000);

  test("two writers creating the same new database at once both succeed (migration and WAL switch race)", async () => {
    const file = path.join(dir, "fresh", "ww.db");
    const go = path.join(dir, "go");
    const both = Promise.all([
      run([fixture("store-writer.ts"), file, "AAA", "300", go]),
      run([fixture("store-writer.ts"), file, "BBB", "300", go]),
    ]);
    // Both processes are started and waiting before either opens the database.
    while (!existsSync(`${go}.AAA.waiting`) || !existsSync(`${go}.BBB.waiting`)) await Bun.sleep(5);
    writeFileSync(go, "");
    const [a, b] = await both;
    expect(a).toEqual({ writes: 300, errors: [] });
    expect(b).toEqual({ writes: 300, errors: [] });
    const db = openDatabase(file, { readonly: true });
    expect(listSeries(db).map((s) => [s.symbol, s.count])).toEqual([["AAA", 300], ["BBB", 300]]);
    db.close();
  }, 60_000);
});
