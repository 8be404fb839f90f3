import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readBounded } from "../../config/read-bounded.ts";
import { parseFeatureTableCsv } from "../../adapters/csv/feature-table-csv.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { BarArrays, BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import type { Logger } from "../../log/logger.ts";
import { DEFAULT_FEATURE_SPEC, FEATURE_CODE_VERSION, featureSpecHash, parseFeatureSpec, withMarket, type FeatureSpec } from "../../ml/features/spec.ts";
import { labelName, type LabelSpec } from "../../ml/labels/labels.ts";
import { matrix } from "../../ml/models/matrix.ts";
import type { ModelKind } from "../../ml/models/model.ts";
import { usableFolds, type CvKind, type CvOptions, type FoldOutcome, type ModelResult } from "../../ml/pipeline/cross-validate.ts";
import { fitInWorkers } from "../../ml/pipeline/fold-pool.ts";
import { candidatesOf, chooseBest, fitJobs, reviveFit, runFitsHere, searchResults, stashFit, type Candidate, type FitJob, type ModelGrid } from "../../ml/pipeline/search.ts";
import type { Fold } from "../../ml/validation/splits.ts";
import { shardJobs, type Shard } from "../../backtest/shard-parts.ts";
import { barDataset, tableDataset, type Dataset } from "../../ml/pipeline/dataset.ts";
import { loadBarColumns } from "../data/load-bars.ts";
import { openStore } from "../data/store.ts";
import { decidePromotion, type PromotionDecision } from "./promote-if-better.ts";
import { ROBOTRADER_VERSION, saveModel, type ModelMeta } from "./registry.ts";
import { writeTrainReport } from "./report.ts";

export interface TrainRequest {
  readonly symbols?: readonly string[];
  readonly barSize: BarSize;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly featuresFile?: string;
  readonly labelColumn?: string;
  readonly kinds: readonly ModelKind[];
  readonly label: LabelSpec;
  readonly cv: CvKind;
  readonly trainEnd?: number | undefined;
  readonly embargo: number;
  readonly folds: number;
  readonly windowMode?: "rolling" | "anchored";
  readonly seed: number;
  readonly weights: boolean;
  /** Cross-asset features against this symbol's bars. */
  readonly market?: string | undefined;
  /** A JSON feature spec file instead of the default spec. */
  readonly featureSpecFile?: string | undefined;
  readonly report?: string | undefined;
  readonly save: boolean;
  readonly promoteIfBetter: boolean;
  /** With promoteIfBetter: the out-of-sample AUC gain a candidate needs (default 0: any). */
  readonly promoteMargin?: number | undefined;
  /** Model parameters by kind, e.g. { gbt: { rounds: 100 } }; the rest keep their defaults. */
  readonly params?: Partial<Record<ModelKind, Readonly<Record<string, number>>>>;
  /** Bun Workers for the (model, fold) fits; 1 (default) fits in this thread. */
  readonly workers?: number;
  readonly onProgress?: ((message: string) => void) | undefined;
  /** Values to try per model parameter: every point is cross-validated, the best AUC per model kept. */
  readonly grid?: ModelGrid | undefined;
  /** The fits merged from shard files (robotrader merge): none is run again. */
  readonly merged?: { readonly data: string | undefined; readonly fits: readonly unknown[] } | undefined;
  /** Creation time of the models (default Date.now) and the fits' clock in ms (default performance.now): tests fix them. */
  readonly now?: () => number;
  readonly clock?: () => number;
}

/** One grid point's out-of-sample scores (train --grid). */
export interface SearchPoint {
  readonly model: ModelKind;
  readonly params: Readonly<Record<string, number>>;
  readonly auc: number;
  readonly accuracy: number;
  readonly logLoss: number;
  readonly chosen: boolean;
}

export interface TrainedModel {
  readonly id: string;
  readonly model: ModelKind;
  readonly auc: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly logLoss: number;
  readonly brier: number;
  readonly ic: number;
  readonly baseRate: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly trainSeconds: number;
  readonly folds: ModelResult["folds"];
  readonly dir?: string;
}

export interface TrainOutcome {
  readonly models: readonly TrainedModel[];
  readonly data: { readonly source: string; readonly symbols: readonly string[]; readonly rows: number; readonly features: number; readonly from: number; readonly to: number; readonly fingerprint: string };
  readonly featureHash: string;
  readonly label: string;
  readonly cv: CvKind;
  readonly promotion?: PromotionDecision;
  readonly report?: string;
  /** train --grid: every point tried, in order. */
  readonly search?: readonly SearchPoint[];
}

/** What one shard of a train search (--shard I/N) leaves: its fits by job number. */
export interface TrainShardOutcome {
  readonly jobs: number;
  /** The dataset's fingerprint: the merge checks its own against it. */
  readonly data: string;
  readonly results: readonly (readonly [number, unknown])[];
}

interface Loaded {
  readonly dataset: Dataset;
  readonly spec?: FeatureSpec;
  readonly source: string;
  readonly symbols: readonly string[];
  /** Per symbol, time -> next bar's log return (for the report's out-of-sample equity). */
  readonly nextReturn?: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** Bounds of the files `train` reads: a feature CSV and a feature spec (JSON). */
const FEATURES_FILE_LIMIT = 256 * 1024 * 1024;
const FEATURE_SPEC_LIMIT = 1024 * 1024;

/** Reads a file named by a flag up to `limit` bytes; a device, a directory or a missing file is a UserError. */
async function readInputFile(flag: string, file: string, limit: number): Promise<string> {
  if (!existsSync(file)) throw new UserError(`${flag} ${file}: no such file`);
  const read = await readBounded(file, limit);
  if (!read.ok) throw new UserError(`${flag} ${file}: ${read.message}`);
  return read.text;
}

async function loadDataset(db: Db, r: TrainRequest): Promise<Loaded> {
  if (r.featuresFile !== undefined) {
    const text = await readInputFile("--features", r.featuresFile, FEATURES_FILE_LIMIT);
    const parsed = parseFeatureTableCsv(text, r.featuresFile, r.labelColumn ?? "label");
    if (!parsed.ok) throw new UserError(parsed.error);
    const t = parsed.table;
    const labels = t.label;
    if (!t.labelIsReturn && labels.every((v) => v === labels[0])) throw new UserError(`${r.featuresFile}: label column '${r.labelColumn}' has one value only; nothing to learn`);
    return { dataset: tableDataset(t.names, t.time, matrix(t.time.length, t.names.length, t.values), labels, t.labelIsReturn), source: r.featuresFile, symbols: [] };
  }
  const symbols = r.symbols ?? ["SPX"];
  const load = (symbol: string) => loadBarColumns({ db, symbol, barSize: r.barSize, from: r.from, to: r.to });
  const series = symbols.map((symbol) => ({ symbol, ...load(symbol) }));
  const market = r.market !== undefined ? load(r.market).columns : undefined;
  const base = r.featureSpecFile !== undefined ? await readFeatureSpec(r.featureSpecFile) : DEFAULT_FEATURE_SPEC;
  const spec = market && r.market ? withMarket(base, r.market) : base;
  const dataset = barDataset(series.map((s) => ({ symbol: s.symbol, bars: s.columns })), spec, r.label, { ...(market ? { market } : {}), weights: r.weights });
  return { dataset, spec, source: [...new Set(series.map((s) => s.source))].join("+"), symbols, nextReturn: new Map(series.map((s) => [s.symbol, nextReturns(s.columns)])) };
}

async function readFeatureSpec(file: string): Promise<FeatureSpec> {
  const text = await readInputFile("--feature-spec", file, FEATURE_SPEC_LIMIT);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`--feature-spec ${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = parseFeatureSpec(raw);
  if (!parsed.ok) throw new UserError(`--feature-spec ${file}: ${parsed.error}`);
  return parsed.spec;
}

function nextReturns(b: BarArrays): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i + 1 < b.time.length; i++) m.set(b.time[i]!, Math.log(b.close[i + 1]! / b.close[i]!));
  return m;
}

function fingerprint(d: Dataset): string {
  const h = createHash("sha256");
  h.update(new Uint8Array(d.x.data.buffer, d.x.data.byteOffset, d.x.data.byteLength));
  h.update(new Uint8Array(d.y.buffer, d.y.byteOffset, d.y.byteLength));
  h.update(new Uint8Array(d.time.buffer, d.time.byteOffset, d.time.byteLength));
  return h.digest("hex").slice(0, 16);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

interface Prepared {
  readonly loaded: Loaded;
  readonly d: Dataset;
  readonly fp: string;
  readonly cvOptions: CvOptions;
  readonly folds: Fold[];
  readonly candidates: Candidate[];
  readonly jobs: FitJob[];
}

async function prepare(db: Db, r: TrainRequest, log: Logger): Promise<Prepared> {
  const loaded = await loadDataset(db, r);
  const d = loaded.dataset;
  if (d.x.rows < 50) throw new UserError(`only ${d.x.rows} labelled rows with complete features; need at least 50 to train and test (widen --from/--to or add symbols)`);
  log.debug(`train: ${d.x.rows} rows x ${d.x.cols} features from ${loaded.source}`);
  const cvOptions: CvOptions = {
    cv: r.cv,
    ...(r.trainEnd !== undefined ? { trainEnd: r.trainEnd } : {}),
    embargo: r.embargo,
    folds: r.folds,
    ...(r.windowMode ? { windowMode: r.windowMode } : {}),
    seed: r.seed,
    ...(r.params ? { params: r.params } : {}),
    ...(r.onProgress ? { onProgress: r.onProgress } : {}),
    ...(r.clock ? { clock: r.clock } : {}),
  };
  const folds = userInput(() => usableFolds(d, cvOptions));
  const candidates = candidatesOf(r.kinds, cvOptions, r.grid);
  return { loaded, d, fp: fingerprint(d), cvOptions, folds, candidates, jobs: fitJobs(candidates, folds) };
}

/** Bad model parameters and folds without rows are the user's input, not a crash. */
function asUserError(e: unknown): never {
  if (e instanceof RangeError) throw new UserError(`train: ${e.message}`);
  throw e;
}

function userInput<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    return asUserError(e);
  }
}

async function runFits(p: Prepared, jobs: readonly FitJob[], workers: number): Promise<Map<number, FoldOutcome>> {
  try {
    return workers > 1 ? await fitInWorkers(p.d, p.candidates, jobs, p.cvOptions, p.folds, workers) : runFitsHere(p.d, p.candidates, jobs, p.cvOptions, p.folds.length);
  } catch (e) {
    return asUserError(e);
  }
}

/** One shard of a train search: the fits (grid point x model x fold) whose number % N is I; nothing saved. */
export async function runTrainShard(config: Pick<AppConfig, "dataDir">, r: TrainRequest, shard: Shard, log: Logger): Promise<TrainShardOutcome> {
  const db = openStore(config);
  try {
    const p = await prepare(db, r, log);
    const mine = shardJobs(p.jobs.length, shard).map((k) => p.jobs[k]!);
    const outcomes = await runFits(p, mine, r.workers ?? 1);
    return { jobs: p.jobs.length, data: p.fp, results: mine.map((job) => [job.id, stashFit(outcomes.get(job.id)!, job.last, p.d.x.cols)] as const) };
  } finally {
    db.close();
  }
}

export async function runTrain(config: Pick<AppConfig, "dataDir">, r: TrainRequest, log: Logger): Promise<TrainOutcome> {
  const db = openStore(config);
  try {
    const p = await prepare(db, r, log);
    const { loaded, d, fp } = p;
    const featureHash = loaded.spec ? featureSpecHash(loaded.spec) : createHash("sha256").update(JSON.stringify(["csv", d.names])).digest("hex").slice(0, 16);
    let outcomes: Map<number, FoldOutcome>;
    if (r.merged) {
      if (r.merged.fits.length !== p.jobs.length) throw new UserError(`the shards hold ${r.merged.fits.length} fits; this train run has ${p.jobs.length}: not the same run`);
      if (r.merged.data !== fp) throw new UserError(`the shards were trained on other data (fingerprint ${r.merged.data}, here ${fp}): merge where the same bars or features are`);
      outcomes = new Map(r.merged.fits.map((f, k) => [k, userInput(() => reviveFit(f))]));
    } else {
      outcomes = await runFits(p, p.jobs, r.workers ?? 1);
    }
    const all = userInput(() => searchResults(d, p.candidates, p.folds, outcomes));
    const chosen = chooseBest(r.kinds, p.candidates, all);
    const results: ModelResult[] = chosen.map((k) => all[k]!);
    const search: SearchPoint[] | undefined = r.grid && Object.keys(r.grid).length > 0
      ? p.candidates.map((c, k) => ({ model: c.kind, params: c.point, auc: all[k]!.summary.auc, accuracy: all[k]!.summary.accuracy, logLoss: all[k]!.summary.logLoss, chosen: chosen.includes(k) }))
      : undefined;
    const createdAt = (r.now ?? Date.now)();
    const label = r.featuresFile !== undefined ? `csv:${r.labelColumn}` : labelName(r.label);
    const models: TrainedModel[] = [];
    for (const res of results) {
      const id = `${res.kind}-${stamp(createdAt)}-${createHash("sha256").update(`${fp}${res.kind}${createdAt}${r.seed}`).digest("hex").slice(0, 6)}`;
      const s = res.summary;
      const lastFold = res.folds[res.folds.length - 1]!;
      const meta: ModelMeta = {
        id,
        kind: res.kind,
        createdAt,
        robotraderVersion: ROBOTRADER_VERSION,
        features: { ...(loaded.spec ? { spec: loaded.spec } : { csv: r.featuresFile! }), names: d.names, hash: featureHash, codeVersion: FEATURE_CODE_VERSION },
        label,
        cv: { kind: r.cv, embargo: r.embargo, folds: r.folds, seed: r.seed, ...(r.cv === "walk-forward" ? { windows: r.windowMode ?? "anchored" } : {}), ...(r.trainEnd !== undefined ? { trainEnd: r.trainEnd } : {}), params: res.model.params },
        metrics: { ...s },
        folds: res.folds,
        importance: d.names.map((feature, k) => ({ feature, gain: res.gainImportance ? res.gainImportance[k]! : null, permutation: res.permutationImportance[k]! })),
        data: { symbols: loaded.symbols, ...(loaded.spec ? { barSize: r.barSize } : {}), rows: d.x.rows, from: d.time[0]!, to: d.time[d.time.length - 1]!, fingerprint: fp },
        trainedThrough: lastFold.trainTo,
      };
      const dir = r.save ? saveModel(db, config.dataDir, res.model, meta) : undefined;
      models.push({
        id,
        model: res.kind,
        auc: s.auc,
        accuracy: s.accuracy,
        balancedAccuracy: s.balancedAccuracy,
        logLoss: s.logLoss,
        brier: s.brier,
        ic: s.ic,
        baseRate: s.baseRate,
        trainRows: res.trainRows,
        testRows: res.testRows,
        trainSeconds: res.trainSeconds,
        folds: res.folds,
        ...(dir ? { dir } : {}),
      });
    }
    const promotion = r.promoteIfBetter ? decidePromotion(db, d, results, models, { featureHash, label, save: r.save, dataDir: config.dataDir, margin: r.promoteMargin }) : undefined;
    if (r.report !== undefined) await writeTrainReport(r.report, { dataset: d, results, models, label, cv: r.cv, source: loaded.source, ...(loaded.nextReturn ? { nextReturn: loaded.nextReturn } : {}) });
    return {
      models,
      data: { source: loaded.source, symbols: loaded.symbols, rows: d.x.rows, features: d.x.cols, from: d.time[0]!, to: d.time[d.time.length - 1]!, fingerprint: fp },
      featureHash,
      label,
      cv: r.cv,
      ...(promotion ? { promotion } : {}),
      ...(r.report !== undefined ? { report: r.report } : {}),
      ...(search ? { search } : {}),
    };
  } finally {
    db.close();
  }
}
