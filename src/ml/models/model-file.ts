import { BOOST_DEFAULTS, fitGradientBoosting, loadGradientBoosting } from "./gradient-boosting.ts";
import { fitLogistic, loadLogistic, LOGISTIC_DEFAULTS } from "./logistic.ts";
import { fitMlp, loadMlp, MLP_DEFAULTS } from "./mlp.ts";
import { paramProblem } from "./param-bounds.ts";
import { MODEL_KINDS, type Model, type ModelBody, type ModelKind, type TrainSet } from "./model.ts";
import { FOREST_DEFAULTS, fitRandomForest, loadRandomForest } from "./random-forest.ts";

export const MODEL_FORMAT = "robotrader-model";
export const MODEL_FORMAT_VERSION = 1;

/** What a model file holds: JSON, typed arrays as base64 (see typed-base64.ts). */
export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly kind: ModelKind;
  readonly featureNames: readonly string[];
  readonly params: Readonly<Record<string, number>>;
  readonly body: ModelBody;
}

/** Each kind's parameters and their defaults. */
export const MODEL_DEFAULTS: Readonly<Record<ModelKind, Readonly<Record<string, number>>>> = {
  lr: LOGISTIC_DEFAULTS as unknown as Record<string, number>,
  rf: FOREST_DEFAULTS as unknown as Record<string, number>,
  gbt: BOOST_DEFAULTS as unknown as Record<string, number>,
  mlp: MLP_DEFAULTS as unknown as Record<string, number>,
};

/** Fits a model of the given kind; a parameter the kind does not have throws a RangeError naming it. */
export function fitModel(kind: ModelKind, data: TrainSet, params: Readonly<Record<string, number>> = {}): Model {
  const known = MODEL_DEFAULTS[kind];
  for (const [k, v] of Object.entries(params)) {
    if (!(k in known)) throw new RangeError(`model ${kind} has no parameter '${k}': expected one of ${Object.keys(known).join(", ")}`);
    const problem = paramProblem(kind, k, v);
    if (problem) throw new RangeError(`model ${problem}`);
  }
  switch (kind) {
    case "lr":
      return fitLogistic(data, params);
    case "rf":
      return fitRandomForest(data, params);
    case "gbt":
      return fitGradientBoosting(data, params);
    case "mlp":
      return fitMlp(data, params);
  }
}

export function modelFile(model: Model, featureNames: readonly string[]): ModelFile {
  if (featureNames.length !== model.cols) throw new RangeError(`${featureNames.length} feature names for a model of ${model.cols} features`);
  return { format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, kind: model.kind, featureNames: [...featureNames], params: model.params, body: model.body() };
}

export type LoadedModel = { readonly ok: true; readonly model: Model; readonly featureNames: readonly string[] } | { readonly ok: false; readonly error: string };

/** Parses a model file's JSON value; failures name what is wrong. */
export function loadModelFile(json: unknown): LoadedModel {
  if (typeof json !== "object" || json === null) return { ok: false, error: "model file: expected a JSON object" };
  const f = json as Record<string, unknown>;
  if (f["format"] !== MODEL_FORMAT) return { ok: false, error: `model file: format must be '${MODEL_FORMAT}', got ${JSON.stringify(f["format"])}` };
  if (f["version"] !== MODEL_FORMAT_VERSION) {
    return { ok: false, error: `model file: format version ${JSON.stringify(f["version"])} is not supported (this build reads version ${MODEL_FORMAT_VERSION})` };
  }
  const kind = f["kind"];
  if (!MODEL_KINDS.includes(kind as ModelKind)) return { ok: false, error: `model file: kind must be one of ${MODEL_KINDS.join(", ")}, got ${JSON.stringify(kind)}` };
  const names = f["featureNames"];
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string")) return { ok: false, error: "model file: featureNames must be a non-empty list of strings" };
  const params = f["params"];
  if (typeof params !== "object" || params === null || !Object.values(params).every((v) => typeof v === "number")) {
    return { ok: false, error: "model file: params must be an object of numbers" };
  }
  const body = f["body"];
  if (typeof body !== "object" || body === null) return { ok: false, error: "model file: body must be an object" };
  const cols = names.length;
  const p = params as Record<string, number>, b = body as Record<string, unknown>;
  try {
    const model =
      kind === "lr" ? loadLogistic(cols, p, b) : kind === "rf" ? loadRandomForest(cols, p, b) : kind === "gbt" ? loadGradientBoosting(cols, p, b) : loadMlp(cols, p, b);
    return { ok: true, model, featureNames: names as string[] };
  } catch (e) {
    return { ok: false, error: `model file (${String(kind)}): ${e instanceof Error ? e.message : String(e)}` };
  }
}
