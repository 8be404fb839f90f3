import type { ArgsDef } from "citty";
import { editDistance } from "../config/edit-distance.ts";
import { UserError } from "../core/errors.ts";

/** What the words after a command's name must fit: its declared args. */
export interface CommandShape {
  /** "robotrader data list", for messages. */
  readonly name: string;
  readonly args: ArgsDef;
  /** Groups (data, service, ...) leave positional words to citty, which picks the subcommand. */
  readonly hasSubCommands: boolean;
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The closest of `names` to `wanted`, if close enough to be a likely typo; a name it begins wins ties. */
export function closest(wanted: string, names: readonly string[]): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const name of names) {
    const score = editDistance(wanted, name) - (wanted.length > 0 && name.startsWith(wanted) ? 0.5 : 0);
    if (score <= Math.max(2, Math.floor(name.length / 3)) && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}

/**
 * Refuses flags a command does not declare and positional words it does not take. citty
 * ignores both silently, so `run --symbls AAPL` would trade the default watch list.
 * Accepts --name, --name=value, --no-name for booleans, camelCase spellings, short aliases
 * (also combined: -qv), and anything after `--`.
 */
export function checkFlags(shape: CommandShape, words: readonly string[]): void {
  const byName = new Map<string, { readonly type?: string | undefined }>();
  const shortNames = new Set<string>();
  let positionals = 0;
  for (const [name, def] of Object.entries(shape.args)) {
    if (def.type === "positional") {
      // A value hint ending in "..." (FILE...) takes any number of words (robotrader merge).
      positionals += "valueHint" in def && typeof def.valueHint === "string" && def.valueHint.endsWith("...") ? Infinity : 1;
      continue;
    }
    byName.set(name, def);
    byName.set(camel(name), def);
    if (def.type === "boolean") byName.set(`no-${name}`, def);
    const aliases = "alias" in def && def.alias !== undefined ? [def.alias].flat() : [];
    for (const alias of aliases) (alias.length === 1 ? shortNames.add(alias) : byName.set(alias, def));
  }
  const fail = (message: string): never => {
    throw new UserError(`${message}\nTry: ${shape.name} --help`);
  };
  let seen = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") break;
    if (word.startsWith("--")) {
      const [name, value] = word.slice(2).split(/=(.*)/s);
      const def = byName.get(name!);
      if (!def) {
        const hint = closest(name!, [...new Set(Object.keys(shape.args).filter((n) => shape.args[n]!.type !== "positional"))]);
        fail(`unknown flag --${name} for ${shape.name}${hint ? `; did you mean --${hint}?` : ""}`);
      }
      if (def!.type !== "boolean" && value === undefined) {
        // Its value is the next word; a flag given last or followed by another flag has none,
        // and citty would quietly read it as empty or true (`--fast` alone ran the default).
        const next = words[i + 1];
        if (next === undefined || next === "--" || (next.startsWith("--") && byName.has(next.slice(2).split("=")[0]!))) {
          fail(`--${name} needs a value: --${name} VALUE or --${name}=VALUE`);
        }
        i++;
      }
      continue;
    }
    if (/^-[A-Za-z]+$/.test(word)) {
      for (const c of word.slice(1)) if (!shortNames.has(c)) fail(`unknown flag -${c} for ${shape.name}`);
      continue;
    }
    if (!shape.hasSubCommands && ++seen > positionals) fail(`unexpected argument '${word}' for ${shape.name}`);
  }
}
