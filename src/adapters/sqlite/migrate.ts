import type { Database } from "bun:sqlite";
import { UserError } from "../../core/errors.ts";

/** One schema step. `version` counts from 1 with no gaps; `sql` may hold many statements. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly number[];
}

/** The database was written by a newer robotrader; touching it could lose data. */
export class SchemaTooNewError extends UserError {
  constructor(
    readonly label: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${label} has schema version ${found}, newer than this robotrader understands (${supported}). ` +
        `Upgrade robotrader or use another data directory; the database was not changed.`,
    );
  }
}

export function schemaVersion(db: Database): number {
  const row = db.query("PRAGMA user_version").get() as { user_version: number } | null;
  return row?.user_version ?? 0;
}

function checkList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list: entry ${i} has version ${m.version}, expected ${i + 1}`);
  });
}

/**
 * Brings the schema up to the last migration. Each step runs in its own IMMEDIATE
 * transaction together with its `user_version` bump, so a failed step leaves the database
 * at the previous version, and two processes migrating at once apply each step once.
 */
export function migrate(db: Database, migrations: readonly Migration[], label = "database"): MigrationResult {
  checkList(migrations);
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(label, from, latest);
  const applied: number[] = [];
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      const current = schemaVersion(db);
      if (current >= m.version) return; // another process got here first
      db.run(m.sql);
      db.run(`PRAGMA user_version = ${m.version}`);
      applied.push(m.version);
    }).immediate();
  }
  const to = schemaVersion(db);
  if (to > latest) throw new SchemaTooNewError(label, to, latest);
  return { from, to, applied };
}
