/**
 * Builds the single `robotrader` executable with `bun build --compile`.
 * Embeds the git revision so `robotrader --version` names what it was built from.
 * Usage: bun run build [--outfile PATH] [--target bun-darwin-arm64 ...]
 */
import { $ } from "bun";
import { commandSummaries } from "../src/cli/command-summaries.ts";
import { subCommands } from "../src/cli/commands.ts";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outfile = flag("--outfile") ?? "robotrader";
const target = flag("--target");

async function gitRevision(): Promise<string> {
  try {
    const rev = (await $`git rev-parse --short=12 HEAD`.quiet().text()).trim();
    const dirty = (await $`git status --porcelain --untracked-files=no`.quiet().text()).trim() !== "";
    return dirty ? `${rev}-dirty` : rev;
  } catch {
    return "unknown";
  }
}

const rev = await gitRevision();
// Each command's description for the root --help, so the binary need not load every command to list them.
const summaries = JSON.stringify(await commandSummaries(subCommands));
const started = performance.now();
const targetArgs = target ? ["--target", target] : [];
// --splitting: each command is its own chunk, loaded when run, so start-up parses only the root
// (a one-file bundle is parsed whole at every start: ~3x the start-up of a bare Bun program).
// Worker scripts are extra entrypoints; with --root src they sit at /$bunfs/root/<path under src>,
// where src/backtest/job-pool.ts's workerEntry (the walk-forward, --each and train fold workers, all
// served by serveJobs) and src/adapters/sqlite/checkpointer.ts look for them in the compiled binary.
// --bytecode (with --splitting it needs --format esm): the chunks are shipped precompiled, so a start
// does not parse and compile the JavaScript it loads (~10% less CPU for `--version`, `--help`,
// `market-status`; a few MB more binary).
const workers = ["src/backtest/walk-forward/worker.ts", "src/ml/pipeline/fold-worker.ts", "src/app/backtest/each-worker.ts", "src/adapters/sqlite/checkpoint-worker.ts", "src/adapters/csv/csv-stream-worker.ts"];
await $`bun build --compile --bytecode --format esm --splitting --root src --minify-syntax --minify-whitespace --sourcemap=none ${targetArgs} --define ROBOTRADER_GIT_REV=${JSON.stringify(rev)} --define ROBOTRADER_COMMAND_SUMMARIES=${summaries} src/main.ts ${workers} --outfile ${outfile}`;
console.error(`built ${outfile} (${rev}) in ${((performance.now() - started) / 1000).toFixed(1)}s`);
