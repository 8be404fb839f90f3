import type { Migration } from "../migrate.ts";

/**
 * Trained models: the files live in data/models/<id>/; this row indexes them (kind, feature
 * hash, label, scores) and marks the promoted one (the model `run` uses with --strategy ml
 * when no --model is given). At most one row has promoted = 1.
 */
export const models: Migration = {
  version: 8,
  name: "trained models",
  sql: `
    CREATE TABLE models (
      id            TEXT    PRIMARY KEY,
      kind          TEXT    NOT NULL,
      created_at    INTEGER NOT NULL,
      feature_hash  TEXT    NOT NULL,
      feature_spec  TEXT    NOT NULL,
      label         TEXT    NOT NULL,
      symbols       TEXT    NOT NULL,
      cv            TEXT    NOT NULL,
      auc           REAL,
      metrics       TEXT    NOT NULL,
      dir           TEXT    NOT NULL,
      version       TEXT    NOT NULL,
      promoted      INTEGER NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX models_one_promoted ON models(promoted) WHERE promoted = 1;
  `,
};
