import * as v from "valibot";
import { AppConfigSchema, SECRET_KEYS } from "./schema.ts";
import { describeExpected, type SchemaNode } from "./_expected.ts";
import { ENV_PREFIX } from "./env-names.ts";

/** How a value given as text (env var, CLI flag) is read for a key. */
export type KeyKind = "string" | "number" | "integer" | "boolean" | "list" | "choice" | "table";

/** One leaf of the config, in each spelling a user meets it. */
export interface ConfigKey {
  /** Dotted camelCase path inside AppConfig: "gateway.clientId". */
  readonly path: string;
  /** Dotted snake_case spelling in robotrader.toml: "gateway.client_id". */
  readonly toml: string;
  /** Environment variable: "ROBOTRADER_GATEWAY_CLIENT_ID". */
  readonly env: string;
  readonly kind: KeyKind;
  /** What a valid value looks like, for error messages: "an integer 1..65535". */
  readonly expected: string;
  /** For list keys, what each item looks like. */
  readonly itemExpected?: string;
  readonly secret: boolean;
  readonly defaultValue: unknown;
}

export { ENV_PREFIX };

export const camelToSnake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

function kindOf(node: SchemaNode): KeyKind {
  if (node.type === "picklist") return "choice";
  if (node.type === "array") return "list";
  if (node.type === "record") return "table";
  if (node.type === "boolean") return "boolean";
  if (node.type === "number") return node.pipe?.some((a) => a.type === "integer") ? "integer" : "number";
  return "string";
}

/** Walks the valibot schema, so every field added to schema.ts gets a TOML key and an env var. */
function collectKeys(node: SchemaNode, prefix: readonly string[], out: ConfigKey[]): void {
  for (const [name, entry] of Object.entries(node.entries ?? {})) {
    const inner = entry.type === "optional" && entry.wrapped ? entry.wrapped : entry;
    const parts = [...prefix, name];
    if (inner.type === "object") {
      collectKeys(inner, parts, out);
      continue;
    }
    const path = parts.join(".");
    const snake = parts.map(camelToSnake);
    const item = inner.type === "array" ? inner.item : undefined;
    out.push({
      path,
      toml: snake.join("."),
      env: ENV_PREFIX + snake.join("_").toUpperCase(),
      kind: kindOf(inner),
      expected: describeExpected(inner),
      ...(item ? { itemExpected: describeExpected(item) } : {}),
      secret: SECRET_KEYS.has(path),
      defaultValue: v.getDefault(entry as v.GenericSchema),
    });
  }
}

const keys: ConfigKey[] = [];
collectKeys(AppConfigSchema as unknown as SchemaNode, [], keys);

/** Every config leaf, in schema order. */
export const CONFIG_KEYS: readonly ConfigKey[] = keys;

export const KEY_BY_PATH: ReadonlyMap<string, ConfigKey> = new Map(keys.map((k) => [k.path, k]));

/** Extra env names people reach for first; they mean the same key as the canonical name. */
export const ENV_ALIASES: Readonly<Record<string, string>> = {
  ROBOTRADER_ACCOUNT_ID: "gateway.accountId",
};

/** Names of the config's sections ([gateway], [risk], ...), in TOML spelling. */
export const SECTIONS: readonly string[] = [...new Set(keys.filter((k) => k.toml.includes(".")).map((k) => k.toml.split(".")[0]!))];
