import { describe, expect, test } from "bun:test";
import { parseArgs as cittyParseArgs, type ArgsDef, type CommandDef } from "citty";
import { camelCase, kebabCase, parseArgs } from "./_parse-args.ts";
import { subCommands } from "./commands.ts";

// Our reading of a command line must be citty's, value for value and key for key: every
// command's own flags, and random command lines made of its flags, values, positionals and noise.

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
const resolve = async <T>(value: Resolvable<T>): Promise<T> => (typeof value === "function" ? await (value as () => T | Promise<T>)() : await value);

async function everyArgsDef(): Promise<{ name: string; args: ArgsDef }[]> {
  const out: { name: string; args: ArgsDef }[] = [];
  const walk = async (subs: Record<string, Resolvable<CommandDef<ArgsDef>>>, path: string) => {
    for (const [name, entry] of Object.entries(subs)) {
      const cmd = await resolve(entry);
      out.push({ name: `${path} ${name}`, args: ((await resolve(cmd.args ?? {})) ?? {}) as ArgsDef });
      const nested = await resolve(cmd.subCommands);
      if (nested) await walk(nested as Record<string, Resolvable<CommandDef<ArgsDef>>>, `${path} ${name}`);
    }
  };
  await walk(subCommands as Record<string, Resolvable<CommandDef<ArgsDef>>>, "robotrader");
  return out;
}

/** A deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ITER = 60;
const NOISE = ["-q=1", "--q", "-qabc", "--v", "-vx", "-h", "--json", "--data=", "-=", "---x", "--", "-", "-q", "-v", "-qv", "-vq", "-x", "-1", "--no-such", "--x=1", "--=a=b", "x", "1m", "-5", "false", "true", "a=b", "--unknown", "--no-", "-qx", "--__proto__"];

function commandLine(args: ArgsDef, next: () => number): string[] {
  const names = Object.keys(args).filter((n) => args[n]!.type !== "positional");
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const words: string[] = [];
  const n = Math.floor(next() * 7);
  for (let i = 0; i < n; i++) {
    const r = next();
    const name = names.length > 0 ? pick(names) : "x";
    if (r < 0.3) words.push(`--${name}`, pick(["v1", "10", "-3", "false", "", "--json"]));
    else if (r < 0.45) words.push(`--${pick([name, camelCase(name)])}=${pick(["v", "false", "true", "", "a=b"])}`);
    else if (r < 0.6) words.push(`--no-${name}`);
    else if (r < 0.7) words.push(`--${camelCase(name)}`);
    else if (r < 0.8) words.push(`--${name}`);
    else words.push(pick(NOISE));
  }
  return words;
}

/** What a command reads from its args: each name, its camelCase and kebab-case spellings, `_`. */
function reads(parsed: Record<string, unknown>, args: ArgsDef): unknown[] {
  const probe = ["_", "x", "q", "v", "1", ...Object.keys(args).flatMap((n) => [n, camelCase(n), kebabCase(n), n.toUpperCase()])];
  return probe.map((p) => parsed[p]);
}

function outcome(parse: () => Record<string, unknown>, args: ArgsDef): unknown {
  try {
    const parsed = parse();
    return { keys: JSON.stringify(Object.entries(parsed)), reads: reads(parsed, args) };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { error: e.message, name: e.name, code: e.code };
  }
}

describe("parseArgs reads command lines as citty does", () => {
  test("camelCase and kebabCase spell names as citty's (scule) do", () => {
    const next = random(7);
    const chars = "abAB1-_./xYz";
    const samples = ["bar-size", "barSize", "risk-free", "XMLParser", "a--b", "-lead", "trail-", "", "ABc", "aBC", "A1b", "x.y/z"];
    for (let i = 0; i < 2000; i++) samples.push(Array.from({ length: 1 + Math.floor(next() * 8) }, () => chars[Math.floor(next() * chars.length)]).join(""));
    // citty's spellings, seen through the aliases it adds: --<name>=1 is readable under each of them.
    for (const s of samples.filter((x) => /^[a-z]/i.test(x))) {
      const theirs = cittyParseArgs([`--${s}=1`], { [s]: { type: "string" } }) as Record<string, unknown>;
      const ours = parseArgs([`--${s}=1`], { [s]: { type: "string" } }) as Record<string, unknown>;
      expect(JSON.stringify(Object.entries(ours))).toBe(JSON.stringify(Object.entries(theirs)));
      expect(ours[camelCase(s)]).toBe(theirs[camelCase(s)]);
      expect(ours[kebabCase(s)]).toBe(theirs[kebabCase(s)]);
    }
  });

  test("every command's flags, on random command lines", async () => {
    const defs = await everyArgsDef();
    expect(defs.length).toBeGreaterThan(30);
    const next = random(14);
    let compared = 0;
    for (const { name, args } of defs) {
      for (let i = 0; i < ITER; i++) {
        const words = commandLine(args, next);
        const theirs = outcome(() => cittyParseArgs(words, args) as Record<string, unknown>, args);
        const ours = outcome(() => parseArgs(words, args) as Record<string, unknown>, args);
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`${name} ${JSON.stringify(words)}:\nours   ${JSON.stringify(ours)}\ncitty's ${JSON.stringify(theirs)}`);
        compared++;
      }
    }
    expect(compared).toBe(defs.length * ITER);
  });
});
