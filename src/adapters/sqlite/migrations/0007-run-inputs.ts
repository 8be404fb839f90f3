import type { Migration } from "../migrate.ts";

/**
 * Replay parity (docs/replay.md): what each run's engine consumed, in arrival order
 * (`seq`), and the setup it ran with. A bar is one row of numbers; broker events, intents
 * and refusals (few) are JSON in `data`. `history` 1: a backfill bar; `nested` 1: a broker
 * event that arrived while the engine handled a bar.
 */
export const runInputs: Migration = {
  version: 7,
  name: "run inputs and setups (replay)",
  sql: `
    CREATE TABLE run_inputs (
      run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq     INTEGER NOT NULL,
      kind    TEXT    NOT NULL CHECK (kind IN ('bar', 'event', 'intent', 'refusal')),
      slot    INTEGER,
      time    INTEGER NOT NULL,
      open    REAL,
      high    REAL,
      low     REAL,
      close   REAL,
      volume  REAL,
      flag    INTEGER NOT NULL DEFAULT 0,
      data    TEXT,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE run_setups (
      run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
      setup  TEXT    NOT NULL CHECK (json_valid(setup))
    );
  `,
};
