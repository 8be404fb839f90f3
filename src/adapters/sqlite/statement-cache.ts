import type { Database, Statement } from "bun:sqlite";

/** Distinct SQL texts kept compiled per connection (the store's code has a few hundred at most). */
export const MAX_CACHED_STATEMENTS = 1024;

/**
 * Makes `db.query(sql)` keep every compiled statement, not Bun's 20: past 20 distinct texts
 * Bun compiles the SQL again on each call (8-200 us, the schema's size), and the runner alone
 * uses far more than 20 (an order's checks and intent, a fill's bookkeeping: docs/performance.md,
 * live). Statements are shared as Bun's own cache shares them; `close` finalizes them first.
 * Bounded: past the limit the oldest text is dropped (compiled again if it comes back).
 */
export function keepStatements(db: Database, max = MAX_CACHED_STATEMENTS): void {
  const cache = new Map<string, Statement>();
  const close = db.close.bind(db);
  const compiled = (sql: string): Statement => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  };
  Object.assign(db, {
    query: compiled,
    close(throwOnError?: boolean) {
      for (const statement of cache.values()) statement.finalize();
      cache.clear();
      close(throwOnError);
    },
  });
}
