import { defineCommand, runCommand } from "citty";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { EACH_SHARD, readEachShards, readPartFiles, readShards } from "./backtest-shard.ts";
import { readTrainShards, TRAIN_SHARD } from "./train-shard.ts";

export default defineCommand({
  meta: { name: "merge", description: "Combine the shard files of a sharded run (backtest walk-forward or --each, train; --shard I/N) into the result of the whole run" },
  args: {
    ...commonArgs,
    files: { type: "positional", description: "Shard files (every part of one run)", valueHint: "FILE...", required: true },
    equity: { type: "boolean", description: "With --json: also print the equity at every bar" },
    report: { type: "string", description: "Write a self-contained HTML report to this file" },
    save: { type: "boolean", description: "Save the run to the store (--no-save to skip)", default: true },
    "data-dir": { type: "string", description: "Data directory (store) to read bars from and save to" },
  },
  async run({ args, rawArgs }) {
    const files = rawArgs.filter((w, i) => !w.startsWith("-") && !isFlagValue(rawArgs, i));
    if (files.length === 0) throw new UserError("robotrader merge needs the shard files, e.g. robotrader merge shard-*.json");
    // Checked here first, so a missing part is said before any data is loaded.
    const parts = await readPartFiles(files);
    const kind = parts[0]?.kind;
    const command = kind === EACH_SHARD ? (await readEachShards(files), parts[0]!.command) : kind === TRAIN_SHARD ? (await readTrainShards(files)).command : (await readShards(files)).command;
    const target = kind === TRAIN_SHARD ? "train" : "backtest";
    if (command[0] !== target) throw new UserError(`the shards were made by '${command.join(" ")}', not a ${target}`);
    const extra = [
      ...(args.json ? ["--json"] : []),
      ...(args.quiet ? ["--quiet"] : []),
      ...(args.equity && target === "backtest" ? ["--equity"] : []),
      ...(args.report !== undefined ? ["--report", args.report] : []),
      ...(args.save === false ? ["--no-save"] : []),
      ...(args["data-dir"] !== undefined ? ["--data-dir", args["data-dir"]] : []),
    ];
    const words = [...command.slice(1), ...extra, "--merge-shards", files.join(",")];
    if (target === "train") await runCommand((await import("./train.ts")).default, { rawArgs: words });
    else await runCommand((await import("./backtest.ts")).default, { rawArgs: words });
  },
});

const VALUED = new Set(["--report", "--data-dir", "--config", "--log-format", "--log-level"]);

function isFlagValue(words: readonly string[], i: number): boolean {
  return i > 0 && VALUED.has(words[i - 1]!);
}
