import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./problem.ts";

/** The config file in use and how it was found. */
export interface ConfigFile {
  readonly path: string;
  readonly via: "flag" | "env" | "cwd" | "data";
}

export interface DiscoverOptions {
  /** --config value. */
  readonly flag?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/**
 * --config, then $ROBOTRADER_CONFIG, then ./robotrader.toml, then data/robotrader.toml.
 * A file named explicitly (flag or env) must exist; the two default places may be absent,
 * and then the defaults apply.
 */
export async function findConfigFile({ flag, env, cwd }: DiscoverOptions): Promise<ConfigFile | undefined> {
  const named: [string | undefined, ConfigFile["via"], string][] = [
    [flag, "flag", "--config"],
    [env.ROBOTRADER_CONFIG, "env", "ROBOTRADER_CONFIG"],
  ];
  for (const [given, via, label] of named) {
    if (given === undefined || given.trim() === "") continue;
    const full = path.resolve(cwd, given);
    // existsSync, not Bun.file().exists(): that is false for /dev/null and a shell's <(...) pipe.
    if (!existsSync(full)) {
      throw new ConfigError([{ kind: "not-found", message: `Config file not found: ${full} (from ${label})` }]);
    }
    return { path: full, via };
  }
  for (const [relative, via] of [["robotrader.toml", "cwd"], [path.join("data", "robotrader.toml"), "data"]] as const) {
    const full = path.join(cwd, relative);
    if (await Bun.file(full).exists()) return { path: full, via };
  }
  return undefined;
}
