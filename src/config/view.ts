import type { ConfigFile } from "./discover.ts";
import { CONFIG_KEYS } from "./keys.ts";
import type { LoadedConfig } from "./load.ts";
import { sourceLabel, type ConfigSource } from "./source.ts";

/** One line of `config show`: a key in every spelling, its value and where it came from. */
export interface ConfigEntry {
  readonly key: string;
  readonly toml: string;
  readonly env: string;
  /** The effective value; a secret's raw value, for the caller to mask. */
  readonly value: unknown;
  readonly secret: boolean;
  readonly source: ConfigSource;
  readonly sourceLabel: string;
}

export function configEntries(loaded: LoadedConfig): ConfigEntry[] {
  return CONFIG_KEYS.map((key) => {
    const source = loaded.sources.get(key.path) ?? { kind: "default" };
    let value: unknown = loaded.config;
    for (const part of key.path.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
    return { key: key.path, toml: key.toml, env: key.env, value, secret: key.secret, source, sourceLabel: sourceLabel(source) };
  });
}

const VIA: Record<ConfigFile["via"], string> = {
  flag: "from --config",
  env: "from $ROBOTRADER_CONFIG",
  cwd: "./robotrader.toml in the current directory",
  data: "data/robotrader.toml under the current directory",
};

/** "/x/robotrader.toml (from --config)", or a sentence saying no file is in use. */
export function describeConfigFile(file: ConfigFile | undefined): string {
  if (!file) return "none: no --config, no $ROBOTRADER_CONFIG, no ./robotrader.toml or data/robotrader.toml; built-in defaults apply";
  return `${file.path} (${VIA[file.via]})`;
}
