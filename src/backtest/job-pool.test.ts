import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isUserError } from "../core/errors.ts";
import { workerEntry } from "../core/worker-entry.ts";
import { mapInWorkers } from "./job-pool.ts";

const toy = workerEntry("backtest/toy-job-worker.ts");
const jobs = Array.from({ length: 12 }, (_, k) => k);

test("mapInWorkers returns every job's result in the jobs' order, with or without this thread taking part", async () => {
  let done = 0;
  expect(await mapInWorkers<number>(toy, jobs, { setup: { factor: 3 }, size: 2, onDone: (n) => (done += n) })).toEqual(jobs.map((k) => k * 3));
  expect(done).toBe(12);
  expect(await mapInWorkers<number>(toy, jobs, { setup: { factor: 3 }, size: 2, here: (k) => k * 3 })).toEqual(jobs.map((k) => k * 3));
  expect(await mapInWorkers<number>(toy, [], { setup: { factor: 3 } })).toEqual([]);
});

test("batches are handed out in the jobs' order, to the workers and to this thread", async () => {
  const many = Array.from({ length: 100 }, (_, k) => 200 - k);
  for (const here of [undefined, (k: number) => k * 3]) {
    const started: number[] = [];
    expect(await mapInWorkers<number>(toy, many, { setup: { factor: 3 }, size: 2, here, onStart: (batch) => started.push(...batch) })).toEqual(many.map((k) => k * 3));
    expect(started).toEqual(many);
  }
});

test("a job's user error comes back as a UserError, a RangeError as a RangeError, any other as an Error", async () => {
  const failure = (job: number) => mapInWorkers<number>(toy, [12, job], { setup: { factor: 1 }, size: 2 }).then(() => new Error("no failure"), (e: unknown) => e as Error);
  const user = await failure(13);
  expect(isUserError(user)).toBe(true);
  expect(user.message).toBe("job 13 is unlucky");
  const range = await failure(14);
  expect([range instanceof RangeError, isUserError(range), range.message]).toEqual([true, false, "job 14 is out of range"]);
  const other = await failure(15);
  expect([other instanceof RangeError, isUserError(other), other.message]).toEqual([false, false, "job 15 is broken"]);
});

const src = path.resolve(import.meta.dir, "..");
const dir = mkdtempSync(path.join(tmpdir(), "job-pool-compiled-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the pool finds its worker inside a bun build --compile binary (as scripts/build.ts ships them)", () => {
  const entry = path.join(dir, "entry.ts");
  writeFileSync(entry, `import { mapInWorkers } from ${JSON.stringify(path.join(src, "backtest/job-pool.ts"))};
import { workerEntry } from ${JSON.stringify(path.join(src, "core/worker-entry.ts"))};
console.log(JSON.stringify(await mapInWorkers(workerEntry("backtest/toy-job-worker.ts"), [1, 2, 3], { setup: { factor: 2 }, size: 2 })));
`);
  const outfile = path.join(dir, "probe");
  const build = Bun.spawnSync([process.execPath, "build", "--compile", "--root", src, entry, path.join(src, "backtest/toy-job-worker.ts"), "--outfile", outfile]);
  expect(build.exitCode, build.stderr.toString()).toBe(0);
  const run = Bun.spawnSync([outfile], { cwd: tmpdir() });
  expect(run.stderr.toString()).toBe("");
  expect(run.stdout.toString().trim()).toBe("[2,4,6]");
}, 60_000);
