import * as v from "valibot";
import { findConfigFile, type ConfigFile } from "./discover.ts";
import { coerceText } from "./coerce.ts";
import { readEnv, shownText } from "./env.ts";
import { readFlags } from "./flags.ts";
import { CONFIG_KEYS, KEY_BY_PATH, type ConfigKey } from "./keys.ts";
import type { Layer, SetValue } from "./layer.ts";
import { ConfigError, showValue, type ConfigProblem } from "./problem.ts";
import { AppConfigSchema, type AppConfig } from "./schema.ts";
import { sourcePlace, type ConfigSource } from "./source.ts";
import { readTomlConfig } from "./toml-file.ts";
import { readBounded } from "./read-bounded.ts";

/** Far above any real robotrader.toml; a bound so that /dev/zero or a wrong file fails fast. */
export const CONFIG_FILE_LIMIT = 1024 * 1024;

export interface LoadOptions {
  /** --config flag. */
  readonly configPath?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Command flags mapped onto config keys (dotted camelCase paths); they win over everything. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** How the user typed each override flag: { "gateway.port": "--port" }. */
  readonly flagNames?: Readonly<Record<string, string>>;
}

export interface LoadedConfig {
  readonly config: AppConfig;
  readonly file: ConfigFile | undefined;
  /** Source of every key (dotted camelCase path), defaults included. */
  readonly sources: ReadonlyMap<string, ConfigSource>;
  /** Things worth telling the user that do not stop loading (unknown ROBOTRADER_* variables). */
  readonly warnings: readonly string[];
}

async function fileLayer(file: ConfigFile | undefined): Promise<Layer> {
  if (!file) return { values: [], problems: [], warnings: [] };
  const read = await readBounded(file.path, CONFIG_FILE_LIMIT);
  if (!read.ok) {
    const hint = read.reason === "too-large" ? "; a robotrader.toml is a few kilobytes" : "";
    return { values: [], problems: [{ kind: "unreadable", message: `Cannot read config file ${file.path}: ${read.message}${hint}` }], warnings: [] };
  }
  const toml = readTomlConfig(file.path, read.text);
  const values: SetValue[] = toml.values.map(({ key, value, line }) => ({
    key,
    value,
    source: line === undefined ? { kind: "file", path: file.path } : { kind: "file", path: file.path, line },
  }));
  return { values, problems: toml.problems, warnings: [] };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

/** Turns a valibot issue into a message naming the source, the key, the bad value and the expected form. */
function issueProblem(issue: v.BaseIssue<unknown>, chosen: ReadonlyMap<string, SetValue>): ConfigProblem {
  const keys = (issue.path ?? []).map((p) => p.key);
  let depth = keys.length;
  while (depth > 0 && !KEY_BY_PATH.has(keys.slice(0, depth).join("."))) depth--;
  const key = KEY_BY_PATH.get(keys.slice(0, depth).join("."));
  if (!key) return { kind: "invalid-value", message: `Invalid config: ${keys.join(".") || "(root)"}: ${issue.message}` };
  const set = chosen.get(key.path);
  const place = set ? sourcePlace(set.source) : "in the built-in defaults";
  const index = keys[depth];
  const item = typeof index === "number" && key.itemExpected !== undefined;
  const name = item ? `${key.toml}[${index}]` : key.toml;
  const value = key.secret ? secretShown(key, issue.input) : showValue(issue.input);
  const expected = item ? key.itemExpected : key.expected;
  const hint = set?.source.kind === "file" && !item ? quotedHint(key, issue.input) : "";
  return { kind: "invalid-value", key: key.path, message: `Invalid config ${place}: ${name} = ${value}, expected ${expected}${hint}` };
}

/** In TOML, `port = "4002"` is a string: say how to write the value the user meant. */
function quotedHint(key: ConfigKey, input: unknown): string {
  if (typeof input !== "string" || key.secret) return "";
  const leaf = key.toml.split(".").at(-1)!;
  const read = coerceText(key, input);
  if (!read.ok) return "";
  if (key.kind === "list") return `; write it as a list: ${leaf} = ${JSON.stringify(read.value).replaceAll(",", ", ")}`;
  if (key.kind === "integer" || key.kind === "number" || key.kind === "boolean") return `; write it without quotes: ${leaf} = ${String(read.value)}`;
  return "";
}

const secretShown = (key: ConfigKey, value: unknown) =>
  typeof value === "string" ? shownText(key, value) : "(secret, not a string)";

/**
 * The effective config: defaults < robotrader.toml < ROBOTRADER_* env < flags, validated.
 * Throws ConfigError (a UserError, exit 2) listing every problem found, not only the first.
 */
export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = await findConfigFile({ flag: options.configPath, env, cwd });
  const layers = [await fileLayer(file), readEnv(env), readFlags(options.overrides ?? {}, options.flagNames)];

  const chosen = new Map<string, SetValue>();
  for (const layer of layers) for (const set of layer.values) chosen.set(set.key.path, set);
  const problems = layers.flatMap((l) => l.problems);

  const input: Record<string, unknown> = {};
  for (const set of chosen.values()) setPath(input, set.key.path, set.value);
  const result = v.safeParse(AppConfigSchema, input, { abortPipeEarly: true });
  if (!result.success) problems.push(...result.issues.map((issue) => issueProblem(issue, chosen)));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);

  const sources = new Map<string, ConfigSource>(
    CONFIG_KEYS.map((k) => [k.path, chosen.get(k.path)?.source ?? { kind: "default" }]),
  );
  return { config: result.output, file, sources, warnings: layers.flatMap((l) => l.warnings) };
}
