import { CONFIG_KEYS, SECTIONS, type ConfigKey } from "./keys.ts";
import { showValue, type ConfigProblem } from "./problem.ts";
import { keyLines, syntaxErrorLine } from "./toml-lines.ts";
import { suggestKey, suggestSection } from "./suggest.ts";
import { tomlShapeProblem } from "./toml-shape.ts";

export interface FileValue {
  readonly key: ConfigKey;
  readonly value: unknown;
  readonly line?: number;
}

export interface TomlConfig {
  readonly values: readonly FileValue[];
  readonly problems: readonly ConfigProblem[];
}

/** Problems reported one by one; the rest are counted. */
const MAX_PROBLEMS = 20;

const BY_TOML = new Map(CONFIG_KEYS.map((k) => [k.toml, k]));

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses robotrader.toml text into known keys; syntax errors and unknown keys become problems. */
export function readTomlConfig(path: string, raw: string): TomlConfig {
  const text = raw.replace(/^\uFEFF/, ""); // editors on Windows add a byte-order mark
  const shape = tomlShapeProblem(text);
  if (shape !== undefined) return { values: [], problems: [{ kind: "syntax", message: `Cannot parse ${path} ${shape}` }] };
  let doc: unknown;
  try {
    doc = Bun.TOML.parse(text);
  } catch (error) {
    const line = syntaxErrorLine(text, (t) => Bun.TOML.parse(t));
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^TOML Parse error:\s*/, "");
    const shown = (text.split(/\r?\n/)[line - 1] ?? "").trim();
    const message = `Cannot parse ${path} line ${line}: ${reason}` + (shown ? `\n      ${line} | ${shown}` : "");
    return { values: [], problems: [{ kind: "syntax", message }] };
  }

  const lines = keyLines(text);
  const values: FileValue[] = [];
  const problems: ConfigProblem[] = [];
  const at = (dotted: string) => {
    const line = lines.get(dotted);
    return line === undefined ? "" : ` line ${line}`;
  };
  // 40,000 unknown keys must not cost 40,000 suggestions nor a 40,000-line message.
  let unreported = 0;
  const unknown = (dotted: string) => {
    if (problems.length >= MAX_PROBLEMS) return void unreported++;
    const hint = suggestKey(dotted);
    problems.push({
      kind: "unknown-key",
      message: `Unknown key ${dotted} in ${path}${at(dotted)}` + (hint ? `; did you mean ${hint}?` : "; `robotrader config show` lists the known keys"),
    });
  };
  const unknownSection = (name: string) => {
    if (problems.length >= MAX_PROBLEMS) return void unreported++;
    const hint = suggestSection(name);
    problems.push({
      kind: "unknown-key",
      message: `Unknown section [${name}] in ${path}${at(name)}; ` + (hint ? `did you mean [${hint}]?` : `sections are ${SECTIONS.map((s) => `[${s}]`).join(", ")}`),
    });
  };
  const take = (dotted: string, value: unknown) => {
    const key = BY_TOML.get(dotted);
    if (!key) return unknown(dotted);
    if (isTable(value) && key.kind !== "table") {
      problems.push({
        kind: "invalid-value",
        key: key.path,
        message: `Invalid config in ${path}${at(dotted)}: ${dotted} is a table, expected ${key.expected}`,
      });
      return;
    }
    const line = lines.get(dotted);
    values.push(line === undefined ? { key, value } : { key, value, line });
  };

  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!SECTIONS.includes(name)) {
      if (isTable(value) && !BY_TOML.has(name)) unknownSection(name);
      else take(name, value);
      continue;
    }
    if (!isTable(value)) {
      problems.push({
        kind: "invalid-value",
        message: `Invalid config in ${path}${at(name)}: ${name} = ${showValue(value)}, expected a table [${name}]`,
      });
      continue;
    }
    for (const [inner, innerValue] of Object.entries(value)) take(`${name}.${inner}`, innerValue);
  }
  if (unreported > 0) problems.push({ kind: "unknown-key", message: `... and ${unreported} more unknown keys in ${path}` });
  return { values, problems };
}

