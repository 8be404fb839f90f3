import type { ArgsDef, ParsedArgs } from "citty";

/**
 * A command's words read into its `args`, exactly as citty 0.2's parseArgs reads them (citty
 * over node:util's parseArgs with `strict: false`), without loading either: node:util alone
 * cost every command ~4 ms and ~160 page faults to load, citty's reading ~2 ms more
 * (docs/performance.md, "Start-up of a short run"). `_parse-args.test.ts` checks the result
 * against citty's own for every command's flags and random command lines. citty still renders
 * --help.
 */

/** citty's error for a usage problem (main.ts tells them apart by name and code). */
export class CLIError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = "CLIError";
    this.code = code;
  }
}

type Values = Record<string, unknown>;
interface OptionSpec {
  type: "boolean" | "string";
  default: unknown;
  short?: string;
}

const NO_COLOR = (() => {
  const env = process.env;
  return env.NO_COLOR === "1" || env.TERM === "dumb" || Boolean(env.TEST) || Boolean(env.CI);
})();
/** citty's color for names in its messages (main.ts strips colors from what it prints). */
export const cyan = (text: string): string => (NO_COLOR ? text : `\u001B[36m${text}\u001B[39m`);

const toArray = <T>(value: T | T[] | undefined): T[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Words of a name: split at - _ / . and where lower case turns upper ("barSize" -> bar, Size), as scule does. */
function wordsOf(text: unknown): string[] {
  const parts: string[] = [];
  if (!text || typeof text !== "string") return parts;
  let buffer = "";
  let previousUpper: boolean | undefined;
  let started = false;
  for (const char of text) {
    if (char === "-" || char === "_" || char === "/" || char === ".") {
      parts.push(buffer);
      buffer = "";
      previousUpper = undefined;
      continue;
    }
    const upper = /\d/.test(char) ? undefined : char !== char.toLowerCase();
    if (started) {
      if (previousUpper === false && upper === true) {
        parts.push(buffer);
        buffer = char;
        previousUpper = upper;
        continue;
      }
      if (previousUpper === true && upper === false && buffer.length > 1) {
        parts.push(buffer.slice(0, -1));
        buffer = buffer.slice(-1) + char;
        previousUpper = upper;
        continue;
      }
    }
    buffer += char;
    previousUpper = upper;
    started = true;
  }
  parts.push(buffer);
  return parts;
}

const cache = new Map<string, string>();
/** "bar-size" -> "barSize" (citty's alias spelling). */
export function camelCase(text: unknown): string {
  const key = typeof text === "string" ? text : "";
  let out = cache.get(key);
  if (out === undefined) {
    const joined = wordsOf(key).map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : "")).join("");
    out = joined ? joined[0]!.toLowerCase() + joined.slice(1) : "";
    cache.set(key, out);
  }
  return out;
}

/** "barSize" -> "bar-size". */
export function kebabCase(text: unknown): string {
  return text ? wordsOf(text).map((p) => p.toLowerCase()).join("-") : "";
}

/** node:util parseArgs({ args, options, allowPositionals: true, strict: false }). */
function readWords(words: readonly string[], options: Readonly<Record<string, OptionSpec>>): { values: Values; positionals: string[] } {
  const values: Values = Object.create(null) as Values;
  const positionals: string[] = [];
  const typeOf = (name: string) => (Object.hasOwn(options, name) ? options[name]!.type : undefined);
  const longOf = (short: string) => {
    for (const [name, spec] of Object.entries(options)) if (spec.short === short) return name;
    return short;
  };
  const store = (name: string, value: string | undefined) => {
    if (name !== "__proto__") values[name] = value ?? true;
  };
  const rest = [...words];
  while (rest.length > 0) {
    const word = rest.shift()!;
    const next = rest[0];
    if (word === "--") {
      positionals.push(...rest);
      break;
    }
    if (word.length === 2 && word[0] === "-" && word[1] !== "-") {
      const name = longOf(word[1]!);
      store(name, typeOf(name) === "string" && next !== undefined ? rest.shift() : undefined);
    } else if (word.length > 2 && word[0] === "-" && word[1] !== "-") {
      if (typeOf(longOf(word[1]!)) !== "string") {
        // A group of short flags (-qv); a string one in it takes the rest of the word as its value.
        const expanded: string[] = [];
        for (let i = 1; i < word.length; i++) {
          const short = word[i]!;
          if (typeOf(longOf(short)) !== "string" || i === word.length - 1) expanded.push(`-${short}`);
          else {
            expanded.push(`-${short}${word.slice(i + 1)}`);
            break;
          }
        }
        rest.unshift(...expanded);
      } else store(longOf(word[1]!), word.slice(2));
    } else if (word.length > 2 && word.startsWith("--")) {
      const eq = word.indexOf("=");
      if (eq > 2) store(word.slice(2, eq), word.slice(eq + 1));
      else {
        const name = word.slice(2);
        store(name, typeOf(name) === "string" && next !== undefined ? rest.shift() : undefined);
      }
    } else positionals.push(word);
  }
  for (const [name, spec] of Object.entries(options)) if (spec.default !== undefined && values[name] === undefined) values[name] = spec.default;
  return { values, positionals };
}

/** citty's parseArgs(rawArgs, argsDef): the flags by name and each alias spelling, positionals in `_`. */
export function parseArgs<T extends ArgsDef = ArgsDef>(rawArgs: readonly string[], argsDef: T): ParsedArgs<T> {
  const booleans: string[] = [];
  const strings: string[] = [];
  const aliasMap: Record<string, string[]> = {};
  const defaults: Record<string, unknown> = {};
  const args = Object.entries(argsDef ?? {}).map(([name, def]) => ({ ...def, name, alias: toArray((def as { alias?: string | string[] }).alias) }));
  for (const arg of args) {
    if (arg.type === "positional") continue;
    if (arg.type === "string" || arg.type === "enum") strings.push(arg.name);
    else if (arg.type === "boolean") booleans.push(arg.name);
    if (arg.default !== undefined) defaults[arg.name] = arg.default;
    aliasMap[arg.name] = arg.alias;
    const camel = camelCase(arg.name);
    const kebab = kebabCase(arg.name);
    if (camel !== arg.name && !arg.alias.includes(camel)) arg.alias.push(camel);
    if (kebab !== arg.name && !arg.alias.includes(kebab)) arg.alias.push(kebab);
  }
  const booleanSet = new Set(booleans);
  const stringSet = new Set(strings);
  const aliasToMain = new Map<string, string>();
  const mainToAliases = new Map<string, string[]>();
  for (const [key, targets] of Object.entries(aliasMap)) {
    for (const target of targets) {
      aliasToMain.set(key, target);
      if (!mainToAliases.has(target)) mainToAliases.set(target, []);
      mainToAliases.get(target)!.push(key);
      aliasToMain.set(target, key);
      if (!mainToAliases.has(key)) mainToAliases.set(key, []);
      mainToAliases.get(key)!.push(target);
    }
  }
  const typeOf = (name: string): "boolean" | "string" =>
    booleanSet.has(name) || (mainToAliases.get(name) ?? []).some((a) => booleanSet.has(a)) ? "boolean" : "string";
  const isString = (name: string) => stringSet.has(name) || (mainToAliases.get(name) ?? []).some((a) => stringSet.has(a));
  const options: Record<string, OptionSpec> = {};
  const names = new Set([...booleans, ...strings, ...Object.keys(aliasMap), ...Object.values(aliasMap).flat(), ...Object.keys(defaults)]);
  for (const name of names) if (!options[name]) options[name] = { type: typeOf(name), default: defaults[name] };
  for (const [alias, main] of aliasToMain) if (alias.length === 1 && options[main] && !options[main].short) options[main].short = alias;

  const words: string[] = [];
  const negated: Record<string, true> = {};
  for (let i = 0; i < rawArgs.length; i++) {
    const word = rawArgs[i]!;
    if (word === "--") {
      words.push(...rawArgs.slice(i));
      break;
    }
    if (word.startsWith("--no-")) {
      negated[word.slice(5)] = true;
      continue;
    }
    words.push(word);
  }
  const parsed = readWords(words, options);
  const out: Values & { _: string[] } = { _: parsed.positionals };
  for (const [key, value] of Object.entries(parsed.values)) {
    out[key] = typeOf(key) === "boolean" && typeof value === "string" ? value !== "false" : isString(key) && typeof value === "boolean" ? "" : value;
  }
  for (const name of Object.keys(negated)) {
    out[name] = false;
    const main = aliasToMain.get(name);
    if (main) out[main] = false;
    for (const alias of mainToAliases.get(name) ?? []) out[alias] = false;
  }
  for (const [alias, main] of aliasToMain) {
    if (out[alias] !== undefined && out[main] === undefined) out[main] = out[alias];
    if (out[main] !== undefined && out[alias] === undefined) out[alias] = out[main];
    if (out[alias] !== out[main] && defaults[main] === out[main]) out[main] = out[alias];
  }
  const proxy = new Proxy(out, {
    get: (target, prop) => target[prop as string] ?? target[camelCase(prop)] ?? target[kebabCase(prop)],
  }) as Values;
  const positionals = [...parsed.positionals];
  for (const arg of args) {
    if (arg.type === "positional") {
      const next = positionals.shift();
      if (next !== undefined) proxy[arg.name] = next;
      else if (arg.default === undefined && (arg as { required?: boolean }).required !== false) {
        throw new CLIError(`Missing required positional argument: ${arg.name.toUpperCase()}`, "EARG");
      } else proxy[arg.name] = arg.default;
    } else if (arg.type === "enum") {
      const value = proxy[arg.name];
      const choices = ((arg as { options?: string[] }).options ?? []);
      if (value !== undefined && choices.length > 0 && !choices.includes(value as string)) {
        throw new CLIError(`Invalid value for argument: ${cyan(`--${arg.name}`)} (${cyan(String(value))}). Expected one of: ${choices.map((o) => cyan(o)).join(", ")}.`, "EARG");
      }
    } else if ((arg as { required?: boolean }).required && proxy[arg.name] === undefined) {
      throw new CLIError(`Missing required argument: --${arg.name}`, "EARG");
    }
  }
  return proxy as ParsedArgs<T>;
}
