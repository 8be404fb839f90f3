import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every command that opens the store takes --data-dir (run, status, kill-switch and reconcile once did not).
const OPENS_STORE = /withStore|withExistingStore|openStore|databasePath|killSwitchStatus|runLive\(|serveForRun/;
/** Uses config.dataDir without opening the store: the service's log folder. */
const NOT_A_STORE_USER = new Set(["service.ts"]);

test("every command file that opens the store declares --data-dir", () => {
  const dir = import.meta.dir;
  const missing = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_") && !NOT_A_STORE_USER.has(f))
    .filter((f) => {
      const text = readFileSync(path.join(dir, f), "utf8");
      return text.includes("defineCommand(") && OPENS_STORE.test(text) && !/dataDirArg|"data-dir"/.test(text);
    });
  expect(missing).toEqual([]);
});
