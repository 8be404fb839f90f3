import { findConfigFile } from "./discover.ts";
import { CONFIG_PATHS, defaultConfig } from "./defaults.ts";
import { ENV_PREFIX, NON_CONFIG_ENV } from "./env-names.ts";
import type { LoadedConfig, LoadOptions } from "./load.ts";
import type { ConfigSource } from "./source.ts";

/**
 * loadConfig, but with nothing configured (no config file, no ROBOTRADER_* variable, no flag
 * mapped onto a key) the defaults are returned without loading the schema, its keys and the
 * readers (~10 ms of CPU and ~5 MB at start-up). Anything configured goes through loadConfig,
 * so every check and message is the same; a --config or $ROBOTRADER_CONFIG file that does not
 * exist fails here exactly as there (the same findConfigFile).
 */
export async function loadConfigWhenNeeded(options: LoadOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const flagged = Object.values(options.overrides ?? {}).some((value) => value !== undefined);
  const fromEnv = Object.keys(env).some((name) => name.startsWith(ENV_PREFIX) && !NON_CONFIG_ENV.has(name));
  if (!flagged && !fromEnv) {
    const file = await findConfigFile({ flag: options.configPath, env, cwd: options.cwd ?? process.cwd() });
    if (file === undefined) {
      const sources = new Map<string, ConfigSource>(CONFIG_PATHS.map((path) => [path, { kind: "default" }]));
      return { config: defaultConfig(), file, sources, warnings: [] };
    }
  }
  const { loadConfig } = await import("./load.ts");
  return loadConfig(options);
}
