import { writeTransaction, type Db } from "./db.ts";

export interface ModelRow {
  readonly id: string;
  readonly kind: string;
  readonly createdAt: number;
  readonly featureHash: string;
  readonly featureSpec: string;
  readonly label: string;
  readonly symbols: readonly string[];
  readonly cv: string;
  /** Out-of-sample ROC AUC (null when undefined, e.g. one class in the test rows). */
  readonly auc: number | null;
  readonly metrics: unknown;
  readonly dir: string;
  readonly version: string;
  readonly promoted: boolean;
}

type Raw = {
  id: string; kind: string; created_at: number; feature_hash: string; feature_spec: string; label: string; symbols: string;
  cv: string; auc: number | null; metrics: string; dir: string; version: string; promoted: number;
};

const toRow = (r: Raw): ModelRow => ({
  id: r.id,
  kind: r.kind,
  createdAt: r.created_at,
  featureHash: r.feature_hash,
  featureSpec: r.feature_spec,
  label: r.label,
  symbols: JSON.parse(r.symbols) as string[],
  cv: r.cv,
  auc: r.auc,
  metrics: JSON.parse(r.metrics) as unknown,
  dir: r.dir,
  version: r.version,
  promoted: r.promoted === 1,
});

// JSON has no NaN: non-finite numbers are stored as null.
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x));

export function insertModel(db: Db, m: Omit<ModelRow, "promoted">): void {
  db.query(
    `INSERT INTO models (id, kind, created_at, feature_hash, feature_spec, label, symbols, cv, auc, metrics, dir, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.id, m.kind, m.createdAt, m.featureHash, m.featureSpec, m.label, JSON.stringify(m.symbols), m.cv, m.auc !== null && Number.isFinite(m.auc) ? m.auc : null, json(m.metrics), m.dir, m.version);
}

export function listModels(db: Db): ModelRow[] {
  return (db.query("SELECT * FROM models ORDER BY created_at DESC, id").all() as Raw[]).map(toRow);
}

export function findModel(db: Db, id: string): ModelRow | undefined {
  const r = db.query("SELECT * FROM models WHERE id = ?").get(id) as Raw | null;
  return r ? toRow(r) : undefined;
}

export function promotedModel(db: Db): ModelRow | undefined {
  const r = db.query("SELECT * FROM models WHERE promoted = 1").get() as Raw | null;
  return r ? toRow(r) : undefined;
}

/** Makes `id` the only promoted model; false when there is no such model. */
export function promoteModel(db: Db, id: string): boolean {
  return writeTransaction(db, () => {
    if (!findModel(db, id)) return false;
    db.query("UPDATE models SET promoted = 0 WHERE promoted = 1").run();
    db.query("UPDATE models SET promoted = 1 WHERE id = ?").run(id);
    return true;
  });
}

export function deleteModel(db: Db, id: string): boolean {
  return db.query("DELETE FROM models WHERE id = ?").run(id).changes > 0;
}
