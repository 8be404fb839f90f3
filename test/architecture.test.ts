import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import path from "node:path";

// DESIGN.md: core <- indicators/strategy <- engine <- backtest, ml, adapters <- app <- cli <- main.
// Each layer may import only the layers listed for it (and itself).
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  log: ["core"],
  indicators: ["core"],
  regime: ["core", "indicators"],
  strategy: ["core", "indicators", "regime"],
  engine: ["core", "indicators", "regime", "strategy"],
  backtest: ["core", "indicators", "regime", "strategy", "engine"],
  ml: ["core", "indicators", "regime", "strategy", "engine", "backtest"],
  config: ["core"],
  adapters: ["core", "indicators", "regime", "strategy", "engine", "backtest", "ml", "config", "log"],
  app: ["core", "indicators", "regime", "strategy", "engine", "backtest", "ml", "adapters", "config", "log"],
  cli: ["core", "indicators", "regime", "strategy", "engine", "backtest", "ml", "adapters", "config", "log", "app"],
};

/** Packages only certain folders may import. */
const PACKAGE_OWNERS: Record<string, string> = {
  "@stoqey/ib": "src/adapters/ib/",
  "bun:sqlite": "src/adapters/sqlite/",
  "bun:ffi": "src/adapters/os/",
};

const PURE_LAYERS = new Set(["core", "indicators", "regime", "strategy", "engine"]);
const IMPURE = /\b(process\.env|Date\.now\(|new Date\(\)|Bun\.file|Bun\.write|node:fs|node:net|fetch\()/;

/** SQL statements as they appear in query text (case-sensitive: SQL keywords are written upper-case here). */
const SQL = /\b(?:SELECT\b[\s\S]{1,200}?\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)|ALTER\s+TABLE|DROP\s+(?:TABLE|INDEX)|PRAGMA\s+\w+)\b/;
/** Source without comments (a comment may sketch SQL, as core/runner-lock.ts does). */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

const root = path.resolve(import.meta.dir, "..");
const files = [...new Glob("src/**/*.ts").scanSync(root)].filter((f) => !f.endsWith(".test.ts"));
const layerOf = (rel: string) => rel.split("/")[1] ?? "";

function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
    out.push((m[1] ?? m[2])!);
  }
  return out;
}

describe("architecture", () => {
  test("imports point inward only", async () => {
    const violations: string[] = [];
    for (const rel of files) {
      const layer = layerOf(rel);
      const allowed = ALLOWED[layer];
      if (!allowed) continue; // main.ts, version.ts
      for (const spec of importsOf(await Bun.file(path.join(root, rel)).text())) {
        if (!spec.startsWith(".")) continue;
        const target = path.relative(root, path.resolve(root, path.dirname(rel), spec));
        if (!target.startsWith("src/")) continue;
        const targetLayer = layerOf(target);
        if (targetLayer !== layer && !allowed.includes(targetLayer)) violations.push(`${rel} -> ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test("only the owning adapter imports @stoqey/ib and bun:sqlite", async () => {
    const violations: string[] = [];
    for (const rel of files) {
      for (const spec of importsOf(await Bun.file(path.join(root, rel)).text())) {
        const owner = PACKAGE_OWNERS[spec] ?? Object.entries(PACKAGE_OWNERS).find(([p]) => spec.startsWith(p + "/"))?.[1];
        if (owner && !rel.startsWith(owner)) violations.push(`${rel} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test("core, indicators, strategy and engine read no clock, env, disk or network", async () => {
    const violations: string[] = [];
    for (const rel of files) {
      if (!PURE_LAYERS.has(layerOf(rel))) continue;
      const source = await Bun.file(path.join(root, rel)).text();
      const hit = source.match(IMPURE);
      if (hit) violations.push(`${rel}: ${hit[0]}`);
    }
    expect(violations).toEqual([]);
  });

  test("SQL lives in adapters/sqlite only (repositories, migrations, the page's read queries)", async () => {
    const offenders: string[] = [];
    for (const rel of files) {
      if (rel.startsWith("src/adapters/sqlite/")) continue;
      const hit = withoutComments(await Bun.file(path.join(root, rel)).text()).match(SQL);
      if (hit) offenders.push(`${rel}: ${hit[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  test("the SQL check sees SQL in code and not in comments", () => {
    expect(withoutComments('const q = "SELECT id FROM runs"; // SELECT x FROM y').match(SQL)?.[0]).toBe("SELECT id FROM");
    expect(withoutComments("/** UPDATE runner_lock SET x */\nconst a = 1;").match(SQL)).toBeNull();
    expect("db.query(`INSERT INTO bars (symbol) VALUES (?1)`)".match(SQL)?.[0]).toBe("INSERT INTO");
    expect("PRAGMA data_version".match(SQL)).not.toBeNull();
  });

  test("only main.ts calls process.exit", async () => {
    const offenders: string[] = [];
    for (const rel of files) {
      if (rel === "src/main.ts") continue;
      if (/process\.exit\(/.test(await Bun.file(path.join(root, rel)).text())) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
  });
});
