import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isUserError } from "../core/errors.ts";
import { mapInWorkers, workerEntry } from "./job-pool.ts";

const toy = workerEntry("backtest/toy-job-worker.ts");
const jobs = Array.from({ length: 12 }, (_, k) => k);

test("mapInWorkers returns every job's result in the jobs' order, with or without this thread taking part", async () => {
  let done = 0;
  expect(await mapInWorkers<number>(toy, jobs, { setup: { factor: 3 }, size: 2, onDone: (n) => (done += n) })).toEqual(jobs.map((k) => k * 3));
  expect(done).toBe(12);
  expect(await mapInWorkers<number>(toy, jobs, { setup: { factor: 3 }, size: 2, here: (k) => k * 3 })).toEqual(jobs.map((k) => k * 3));
  expect(await mapInWorkers<number>(toy, [], { setup: { factor: 3 } })).toEqual([]);
});

test("a job's user error comes back as a UserError", async () => {
  const error = await mapInWorkers<number>(toy, [12, 13], { setup: { factor: 1 }, size: 2 }).catch((e: unknown) => e);
  expect(isUserError(error)).toBe(true);
  expect((error as Error).message).toBe("job 13 is unlucky");
});

const src = path.resolve(import.meta.dir, "..");
const dir = mkdtempSync(path.join(tmpdir(), "job-pool-compiled-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the pool finds its worker inside a bun build --compile binary (as scripts/build.ts ships them)", () => {
  const entry = path.join(dir, "entry.ts");
  writeFileSync(entry, `import { mapInWorkers, workerEntry } from ${JSON.stringify(path.join(src, "backtest/job-pool.ts"))};
console.log(JSON.stringify(await mapInWorkers(workerEntry("backtest/toy-job-worker.ts"), [1, 2, 3], { setup: { factor: 2 }, size: 2 })));
`);
  const outfile = path.join(dir, "probe");
  const build = Bun.spawnSync([process.execPath, "build", "--compile", "--root", src, entry, path.join(src, "backtest/toy-job-worker.ts"), "--outfile", outfile]);
  expect(build.exitCode, build.stderr.toString()).toBe(0);
  const run = Bun.spawnSync([outfile], { cwd: tmpdir() });
  expect(run.stderr.toString()).toBe("");
  expect(run.stdout.toString().trim()).toBe("[2,4,6]");
}, 60_000);
