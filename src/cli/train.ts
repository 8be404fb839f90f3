import { defineCommand } from "citty";
import { barSizeArg, dateArg, flagList, rangeArgs, symbolArg } from "./_series-args.ts";
import { runTrain, type TrainRequest } from "../app/train/train.ts";
import { parseModelGrid, readTrainShards, writeTrainShard } from "./train-shard.ts";
import { UserError } from "../core/errors.ts";
import { parseLabelSpec } from "../ml/labels/labels.ts";
import { MODEL_DEFAULTS } from "../ml/models/model-file.ts";
import { paramProblem } from "../ml/models/param-bounds.ts";
import { MODEL_KINDS, type ModelKind } from "../ml/models/model.ts";
import type { CvKind } from "../ml/pipeline/cross-validate.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";
import { trainJson, trainText } from "./train-format.ts";

const CVS: readonly CvKind[] = ["time", "walk-forward", "purged-kfold"];

export default defineCommand({
  meta: { name: "train", description: "Train and validate ML models (out-of-sample, no look-ahead) on stored bars or a feature CSV; saved to the model registry" },
  args: {
    ...commonArgs,
    symbols: { type: "string", description: "Tickers, comma-separated (store, or the embedded SPX daily series); default SPX" },
    features: { type: "string", description: "CSV of features instead of --symbols: a 'time' column and numeric columns" },
    label: { type: "string", description: "With --symbols: fwd-ret:N[:THRESHOLD] or triple-barrier:PT:SL:MAX_HOLD[:VOL_WINDOW] (default fwd-ret:1); with --features: the label COLUMN (0/1, or a return whose sign is the label)" },
    model: { type: "string", description: `Models, comma-separated: ${MODEL_KINDS.join(", ")}`, default: "lr,rf,gbt,mlp" },
    cv: { type: "string", description: `Validation: ${CVS.join(", ")}`, default: "time" },
    "train-end": { type: "string", description: "--cv time: last training date (default: the date at 70% of the rows)" },
    embargo: { type: "string", description: "Bars dropped between training labels and test rows (default: the label horizon)" },
    folds: { type: "string", description: "Folds for purged-kfold and walk-forward", default: "5" },
    windows: { type: "string", description: "--cv walk-forward: anchored (the training window grows; default) or rolling (fixed length)" },
    seed: { type: "string", description: "Seed of the random models", default: "1" },
    params: { type: "string", description: "Model parameters as model.name=value,... e.g. gbt.rounds=100,gbt.maxDepth=3,rf.trees=300 (robotrader models: see docs/train.md)" },
    workers: { type: "string", description: "Worker threads for the model x fold fits (default: every core; 1 = this thread); results are the same" },
    weights: { type: "boolean", description: "Weight training rows by label uniqueness" },
    market: { type: "string", description: "Add cross-asset features against this symbol (index return, volatility, relative strength)" },
    "feature-spec": { type: "string", description: "A JSON feature spec (name, version, indicators, returns, volatility, volumeZ, barShape, calendar) instead of the default" },
    "bar-size": { type: "string", description: "1s 5s 1m 5m 15m 30m 1h 1d", default: "1d" },
    from: { type: "string", description: "First bar date (inclusive)" },
    to: { type: "string", description: "Last bar date (inclusive)" },
    report: { type: "string", description: "Write a self-contained HTML report (ROC, calibration, importance, folds, equity) to this file" },
    save: { type: "boolean", description: "Save the models to the registry (--no-save to skip)", default: true },
    "promote-if-better": { type: "boolean", description: "Promote the best new model if it beats the promoted one on the same out-of-sample rows" },
    "promote-margin": { type: "string", description: "With --promote-if-better: the out-of-sample AUC it must beat the promoted one by, 0 to below 1 (default 0: any amount), e.g. 0.01" },
    grid: { type: "string", description: "Search model parameters: model.name=v1,v2[:model.name=...] (e.g. gbt.rounds=100,200:gbt.maxDepth=3,4); each point is cross-validated, the best AUC per model is kept" },
    shard: { type: "string", description: "Fit only part I of N (from 0) of the grid points x models x folds and write them for robotrader merge, e.g. --shard $JOB_COMPLETION_INDEX/8" },
    "shard-out": { type: "string", description: "File for --shard's partial result (default shard-I-of-N.json)" },
    "merge-shards": { type: "string", description: "Shard files to take the fits from (what robotrader merge passes)" },
    ...dataDirArg,
  },
  async run({ args, rawArgs }) {
    if (args.features !== undefined && args.symbols !== undefined) throw new UserError("Give either --symbols or --features, not both");
    if (args.features !== undefined && args.label === undefined) throw new UserError("--features needs --label COLUMN (the CSV's label column)");
    if (args.features !== undefined && (args["feature-spec"] !== undefined || args.market !== undefined)) throw new UserError("--feature-spec and --market apply to --symbols, not to a --features CSV");
    const kinds = flagList(args.model, "--model").map((k) => {
      if (!MODEL_KINDS.includes(k as ModelKind)) throw new UserError(`--model '${k}': expected one of ${MODEL_KINDS.join(", ")}`);
      return k as ModelKind;
    });
    if (!CVS.includes(args.cv as CvKind)) throw new UserError(`--cv '${args.cv}': expected one of ${CVS.join(", ")}`);
    const labelSpec = args.features === undefined ? parseLabelSpec(args.label ?? "fwd-ret:1") : parseLabelSpec("fwd-ret:1");
    if (!labelSpec.ok) throw new UserError(labelSpec.error);
    const horizon = labelSpec.spec.kind === "fwd-ret" ? labelSpec.spec.horizon : labelSpec.spec.maxHold;
    const trainEnd = args["train-end"] !== undefined ? dateArg("--train-end", args["train-end"], true) : undefined;
    if (trainEnd !== undefined && args.cv !== "time") throw new UserError("--train-end applies to --cv time only");
    if (args.windows !== undefined && (args.cv !== "walk-forward" || (args.windows !== "rolling" && args.windows !== "anchored"))) {
      throw new UserError(`--windows takes rolling or anchored, with --cv walk-forward only (got --windows ${args.windows} --cv ${args.cv})`);
    }
    const promoteMargin = args["promote-margin"] !== undefined ? marginArg(args["promote-margin"], args["promote-if-better"] === true) : undefined;
    const range = rangeArgs(args.from, args.to);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const request: TrainRequest = {
        ...(args.features !== undefined ? { featuresFile: args.features, labelColumn: args.label! } : { symbols: flagList(args.symbols ?? "SPX", "--symbols").map((s) => symbolArg(s, "--symbols")) }),
        barSize: barSizeArg(args["bar-size"]),
        from: range.from,
        to: range.to,
        kinds,
        label: labelSpec.spec,
        cv: args.cv as CvKind,
        trainEnd,
        embargo: args.embargo !== undefined ? whole("--embargo", args.embargo, 0) : horizon,
        folds: whole("--folds", args.folds, 2),
        ...(args.windows === "rolling" || args.windows === "anchored" ? { windowMode: args.windows } : {}),
        seed: whole("--seed", args.seed, 0),
        weights: args.weights === true,
        market: args.market !== undefined ? symbolArg(args.market, "--market") : undefined,
        featureSpecFile: args["feature-spec"],
        report: args.report,
        save: args.save,
        promoteIfBetter: args["promote-if-better"] === true,
        ...(promoteMargin !== undefined ? { promoteMargin } : {}),
        ...(args.params !== undefined ? { params: modelParams(args.params, kinds) } : {}),
        workers: args.workers !== undefined ? whole("--workers", args.workers, 1) : navigator.hardwareConcurrency || 1,
        onProgress: args.quiet ? undefined : (m: string) => void process.stderr.write(`train: ${m}\n`),
        ...(args.grid !== undefined ? { grid: parseModelGrid(args.grid, kinds) } : {}),
    };
    if (args.shard !== undefined) {
      const written = await writeTrainShard(ctx.config, request, args.shard, args["shard-out"], rawArgs, ctx.log);
      if (ctx.json) printJson(written);
      else printText(`shard ${written.shard}: ${written.ran} of ${written.jobs} fits written to ${written.file}; combine the parts with robotrader merge`);
      return;
    }
    const merged = args["merge-shards"] !== undefined ? await readTrainShards(args["merge-shards"].split(",").filter((f) => f !== "")) : undefined;
    const outcome = await runTrain(ctx.config, merged ? { ...request, merged } : request, ctx.log);
    if (ctx.json) printJson(trainJson(outcome));
    else printText(trainText(outcome));
  },
});

function whole(flag: string, value: string, min: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min) throw new UserError(`${flag} must be a whole number >= ${min}, got '${value}'`);
  return n;
}

/** --promote-margin: an AUC difference in [0, 1), only beside --promote-if-better. */
function marginArg(value: string, promoteIfBetter: boolean): number {
  if (!promoteIfBetter) throw new UserError("--promote-margin applies with --promote-if-better only");
  const n = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 0 && n < 1)) throw new UserError(`--promote-margin must be an AUC difference from 0 to below 1 (e.g. 0.01), got '${value}'`);
  return n;
}

/** --params gbt.rounds=100,rf.trees=300: each name checked against the model's parameters. */
function modelParams(text: string, kinds: readonly ModelKind[]): Partial<Record<ModelKind, Record<string, number>>> {
  const out: Partial<Record<ModelKind, Record<string, number>>> = {};
  for (const pair of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const m = /^(\w+)\.(\w+)=(.+)$/.exec(pair);
    if (!m) throw new UserError(`--params: expected model.name=value, got '${pair}'`);
    const [, kind, name, raw] = m as unknown as [string, string, string, string];
    if (!kinds.includes(kind as ModelKind)) throw new UserError(`--params '${pair}': model '${kind}' is not among --model ${kinds.join(",")}`);
    const known = MODEL_DEFAULTS[kind as ModelKind];
    if (!(name in known)) throw new UserError(`--params '${pair}': ${kind} has no parameter '${name}'; expected one of ${Object.keys(known).join(", ")}`);
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new UserError(`--params '${pair}': the value must be a number`);
    const problem = paramProblem(kind as ModelKind, name, value);
    if (problem) throw new UserError(`--params '${pair}': ${problem}`);
    (out[kind as ModelKind] ??= {})[name] = value;
  }
  return out;
}
