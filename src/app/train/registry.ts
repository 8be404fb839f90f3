import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pkg from "../../../package.json" with { type: "json" };
import { deleteModel, findModel, insertModel, listModels, promotedModel, promoteModel, type ModelRow } from "../../adapters/sqlite/models-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import { FEATURE_CODE_VERSION, featureSpecHash, parseFeatureSpec, type FeatureSpec } from "../../ml/features/spec.ts";
import { loadModelFile, modelFile } from "../../ml/models/model-file.ts";
import type { Model } from "../../ml/models/model.ts";

export const ROBOTRADER_VERSION: string = pkg.version;

/** What data/models/<id>/meta.json holds besides the model itself. */
export interface ModelMeta {
  readonly id: string;
  readonly kind: string;
  readonly createdAt: number;
  readonly robotraderVersion: string;
  /** The feature spec (bars) or the CSV's column names; and the hash a model is checked against. */
  readonly features: { readonly spec?: FeatureSpec; readonly csv?: string; readonly names: readonly string[]; readonly hash: string; readonly codeVersion: number };
  readonly label: string;
  readonly cv: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly folds: readonly unknown[];
  readonly importance: readonly { readonly feature: string; readonly gain: number | null; readonly permutation: number }[];
  /** barSize: the bars the features were computed on (absent for a CSV, and for models saved before it was recorded). */
  readonly data: { readonly symbols: readonly string[]; readonly barSize?: BarSize; readonly rows: number; readonly from: number; readonly to: number; readonly fingerprint: string };
  /** Time of the last bar the saved model's training labels looked at. */
  readonly trainedThrough: number;
}

export function modelsDir(dataDir: string): string {
  return path.join(dataDir, "models");
}

/** Writes model.json and meta.json under data/models/<id>/ and indexes the model in the store. */
export function saveModel(db: Db, dataDir: string, model: Model, meta: ModelMeta): string {
  const dir = path.join(modelsDir(dataDir), meta.id);
  mkdirSync(dir, { recursive: true });
  // The row keeps the folder relative to the data directory, so the directory can move.
  const relative = path.join("models", meta.id);
  const clean = (_k: string, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v);
  writeFileSync(path.join(dir, "model.json"), JSON.stringify(modelFile(model, meta.features.names)));
  writeFileSync(path.join(dir, "meta.json"), JSON.stringify(meta, clean, 2));
  insertModel(db, {
    id: meta.id,
    kind: meta.kind,
    createdAt: meta.createdAt,
    featureHash: meta.features.hash,
    featureSpec: meta.features.spec ? `${meta.features.spec.name}@${meta.features.spec.version}` : `csv:${meta.features.csv}`,
    label: meta.label,
    symbols: meta.data.symbols,
    cv: String(meta.cv["kind"]),
    auc: typeof meta.metrics["auc"] === "number" ? meta.metrics["auc"] : null,
    metrics: meta.metrics,
    dir: relative,
    version: meta.robotraderVersion,
  });
  return dir;
}

export function listRegistered(db: Db): ModelRow[] {
  return listModels(db);
}

export function registeredModel(db: Db, id: string): ModelRow {
  const row = findModel(db, id);
  if (!row) throw new UserError(`no model '${id}' in the registry; see: robotrader models list`);
  return row;
}

export function promote(db: Db, id: string): ModelRow {
  registeredModel(db, id);
  promoteModel(db, id);
  return registeredModel(db, id);
}

export function promoted(db: Db): ModelRow | undefined {
  return promotedModel(db);
}

/** The model's folder: the row's path under the data directory. */
export function modelDir(dataDir: string, row: ModelRow): string {
  return path.resolve(dataDir, row.dir);
}

/** Removes the row and the model's folder. */
export function removeModel(db: Db, dataDir: string, id: string): ModelRow {
  const row = registeredModel(db, id);
  deleteModel(db, id);
  const dir = modelDir(dataDir, row);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  return row;
}

export interface UsableModel {
  readonly row: ModelRow;
  readonly meta: ModelMeta;
  readonly model: Model;
  readonly spec: FeatureSpec;
}

/**
 * Loads a registered model for trading. Refused (UserError with the reason) when its files are
 * missing or unreadable, when it was trained on a CSV's columns (no spec to compute them live),
 * or when this build computes its feature spec differently (another feature code version).
 */
export function loadUsableModel(db: Db, dataDir: string, id: string): UsableModel {
  const row = registeredModel(db, id);
  const read = (name: string): unknown => {
    const file = path.join(modelDir(dataDir, row), name);
    if (!existsSync(file)) throw new UserError(`model ${id}: ${file} is missing; retrain or remove it (robotrader models rm ${id})`);
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new UserError(`model ${id}: ${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  const meta = read("meta.json") as ModelMeta;
  if (!meta.features?.spec) throw new UserError(`model ${id} was trained on the columns of ${meta.features?.csv ?? "a CSV"}; only models trained on bar features (--symbols) can trade`);
  const parsed = parseFeatureSpec(meta.features.spec);
  if (!parsed.ok) throw new UserError(`model ${id}: ${parsed.error}`);
  const hash = featureSpecHash(parsed.spec);
  if (hash !== meta.features.hash || meta.features.codeVersion !== FEATURE_CODE_VERSION) {
    throw new UserError(
      `model ${id} was trained on features ${meta.features.hash} (feature code version ${meta.features.codeVersion}); ` +
        `this robotrader computes them as ${hash} (version ${FEATURE_CODE_VERSION}): retrain it with this version`,
    );
  }
  const loaded = loadModelFile(read("model.json"));
  if (!loaded.ok) throw new UserError(`model ${id}: ${loaded.error}`);
  if (loaded.featureNames.join(",") !== meta.features.names.join(",")) throw new UserError(`model ${id}: model.json and meta.json list different features`);
  return { row, meta, model: loaded.model, spec: parsed.spec };
}
