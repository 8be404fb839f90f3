import * as v from "valibot";
import { UserError } from "../core/errors.ts";
import type { ParamsSchema } from "./api/public-types.ts";
import type { ParamInfo } from "./types.ts";

/** A schema node as valibot builds it at run time (plain objects tagged by `type`). */
interface Node {
  readonly kind?: string;
  readonly type: string;
  readonly wrapped?: Node;
  readonly default?: unknown;
  readonly pipe?: readonly Node[];
  readonly entries?: Readonly<Record<string, Node>>;
  readonly options?: readonly unknown[];
  readonly requirement?: unknown;
  readonly description?: string;
}

const OPTIONAL = new Set(["optional", "exact_optional", "nullish", "undefinedable"]);

/** Whether a params schema is an object schema (possibly under a pipe), as parameters need. */
export function isObjectSchema(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null && "type" in schema && objectOf(schema as Node)?.entries !== undefined;
}

/** The object schema under any pipe (`v.pipe(v.object(...), v.check(...))`). */
function objectOf(schema: Node): Node | undefined {
  if (schema.type === "object" || schema.type === "strict_object" || schema.type === "loose_object") return schema;
  const first = schema.pipe?.[0];
  return first ? objectOf(first) : undefined;
}

function describeEntry(name: string, entry: Node): ParamInfo {
  let node = entry;
  let fallback: unknown;
  let description = "";
  const actions: Node[] = [];
  for (let depth = 0; depth < 8; depth++) {
    if (OPTIONAL.has(node.type) && node.wrapped) {
      const d = node.default;
      fallback = typeof d === "function" ? (d as () => unknown)() : d;
      node = node.wrapped;
    } else if (node.pipe && node.pipe.length > 0 && node.pipe[0] !== node) {
      actions.push(...node.pipe.slice(1));
      node = node.pipe[0]!;
    } else break;
  }
  for (const a of actions) if (a.type === "description" && typeof a.description === "string") description = a.description;
  const num = (t: string) => actions.find((a) => a.type === t)?.requirement;
  const min = num("min_value");
  const max = num("max_value");
  const integer = actions.some((a) => a.type === "integer");
  const type: ParamInfo["type"] =
    node.type === "number" ? (integer ? "integer" : "number")
    : node.type === "boolean" ? "boolean"
    : node.type === "picklist" || node.type === "enum" ? "enum"
    : "string";
  return {
    name,
    description,
    type,
    default: fallback,
    ...(type === "enum" ? { options: (node.options ?? []).map(String) } : {}),
    ...(typeof min === "number" ? { min } : {}),
    ...(typeof max === "number" ? { max } : {}),
  };
}

/** Each parameter of a definition's schema: name, type, default, bounds, description. */
export function describeParams(schema: ParamsSchema): ParamInfo[] {
  const object = objectOf(schema as unknown as Node);
  if (!object?.entries) return [];
  return Object.entries(object.entries).map(([name, entry]) => describeEntry(name, entry));
}

/** Flags and some config values arrive as text: "14" becomes 14 and "true" true when the schema wants that. */
function coerce(info: ParamInfo | undefined, value: unknown): unknown {
  if (info === undefined || typeof value !== "string") return value;
  const text = value.trim().replace(/_/g, "");
  if ((info.type === "number" || info.type === "integer") && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (info.type === "boolean" && /^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  return value;
}

function shown(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/**
 * Checks raw parameters (flags, config, a walk-forward grid point) against a strategy's schema.
 * Unknown names and failed checks are a UserError naming the strategy, the parameter and the value.
 */
export function parseParams(strategy: string, schema: ParamsSchema, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const infos = new Map(describeParams(schema).map((p) => [p.name, p]));
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (infos.size > 0 && !infos.has(name)) {
      const known = [...infos.keys()].join(", ") || "none";
      throw new UserError(`strategy ${strategy}: unknown parameter '${name}' (its parameters: ${known})`);
    }
    input[name] = coerce(infos.get(name), value);
  }
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = issue.path?.map((p) => String(p.key)).join(".");
  const name = key ?? "";
  const got = key !== undefined && key in input ? ` (got ${shown(raw[key])})` : "";
  throw new UserError(`strategy ${strategy}: ${name ? `parameter '${name}': ` : ""}${issue.message}${got}`);
}

/** A parameter whose default the strategy's own schema refuses, or that has none. */
export interface DefaultProblem {
  readonly name: string;
  readonly message: string;
}

/**
 * Each parameter not in `given` that a run without it would refuse: a default its own schema
 * fails (a value out of its bounds, of another type, not among its options), or no default at
 * all. Every such parameter is listed, not only the first (parseParams stops at the first).
 */
export function defaultProblems(schema: ParamsSchema, given: ReadonlySet<string>): DefaultProblem[] {
  const object = objectOf(schema as unknown as Node);
  const out: DefaultProblem[] = [];
  for (const [name, entry] of Object.entries(object?.entries ?? {})) {
    if (given.has(name)) continue;
    const result = v.safeParse(entry as unknown as v.GenericSchema, undefined);
    if (result.success) continue;
    const info = describeEntry(name, entry);
    out.push({
      name,
      message: info.default === undefined
        ? `parameter '${name}' has no default, so every run must give it (--set ${name}=... or [strategy.params]); give it one with v.optional(schema, default)`
        : `parameter '${name}': its default ${shown(info.default)} fails its own schema: ${result.issues[0].message}`,
    });
  }
  return out;
}
