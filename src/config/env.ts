import { coerceText } from "./coerce.ts";
import { CONFIG_KEYS, ENV_ALIASES, ENV_PREFIX, KEY_BY_PATH, type ConfigKey } from "./keys.ts";
import { NON_CONFIG_ENV } from "./env-names.ts";
import type { Layer, SetValue } from "./layer.ts";
import { showValue, type ConfigProblem } from "./problem.ts";

export { NON_CONFIG_ENV };

/** What a bad text value looks like in a message; secrets are never echoed. */
export function shownText(key: ConfigKey, text: string): string {
  return key.secret ? `(secret, ${text.length} characters)` : showValue(text);
}

/**
 * Reads ROBOTRADER_* variables: one per config key (ROBOTRADER_GATEWAY_CLIENT_ID for
 * gateway.client_id) plus aliases (ROBOTRADER_ACCOUNT_ID). An empty variable counts as unset.
 * Unknown ROBOTRADER_* names are warnings: a typo should be seen, not silently ignored.
 */
export function readEnv(env: Readonly<Record<string, string | undefined>>): Layer {
  const values: SetValue[] = [];
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const known = new Set([...CONFIG_KEYS.map((k) => k.env), ...Object.keys(ENV_ALIASES), ...NON_CONFIG_ENV]);
  const chosen = new Map<string, { name: string; text: string }>();

  const names = Object.keys(env).filter((n) => n.startsWith(ENV_PREFIX)).sort();
  for (const name of names) {
    const text = env[name];
    if (!known.has(name)) {
      warnings.push(`Unknown environment variable ${name} ignored; config variables are ${ENV_PREFIX}<SECTION>_<KEY>, e.g. ROBOTRADER_GATEWAY_PORT`);
      continue;
    }
    if (text === undefined || text.trim() === "" || NON_CONFIG_ENV.has(name)) continue;
    const key = KEY_BY_PATH.get(ENV_ALIASES[name] ?? "") ?? CONFIG_KEYS.find((k) => k.env === name)!;
    const earlier = chosen.get(key.path);
    if (earlier && earlier.text.trim() !== text.trim()) {
      problems.push({
        kind: "conflict",
        key: key.path,
        message: `Conflicting environment variables ${earlier.name} and ${name} both set ${key.toml} to different values; set only one`,
      });
      continue;
    }
    if (earlier) continue;
    chosen.set(key.path, { name, text });
    const read = coerceText(key, text);
    if (!read.ok) {
      problems.push({
        kind: "invalid-value",
        key: key.path,
        message: `Invalid config in environment variable ${name}: ${key.toml} = ${shownText(key, text)}, expected ${key.expected}`,
      });
      continue;
    }
    values.push({ key, value: read.value, source: { kind: "env", name } });
  }
  return { values, problems, warnings };
}
