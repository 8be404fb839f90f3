import { coerceText } from "./coerce.ts";
import { shownText } from "./env.ts";
import { KEY_BY_PATH } from "./keys.ts";
import type { Layer, SetValue } from "./layer.ts";
import type { ConfigProblem } from "./problem.ts";

/**
 * A command's flags that set config keys, as dotted camelCase paths: { "gateway.port": 4002 }.
 * Undefined values (flag not given) are skipped; strings are read like env values.
 * `flagNames` says how the user typed each one ("--port"), for messages and `config show`.
 */
export function readFlags(
  overrides: Readonly<Record<string, unknown>>,
  flagNames: Readonly<Record<string, string>> = {},
): Layer {
  const values: SetValue[] = [];
  const problems: ConfigProblem[] = [];
  for (const [path, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue;
    const key = KEY_BY_PATH.get(path);
    // A command passing a path that does not exist is a bug in that command, not user input.
    if (!key) throw new Error(`commandContext override for unknown config key "${path}"`);
    const name = flagNames[path] ?? `--${key.toml.replace(/[._]/g, "-")}`;
    if (typeof raw !== "string") {
      values.push({ key, value: raw, source: { kind: "flag", name } });
      continue;
    }
    const read = coerceText(key, raw);
    if (read.ok) values.push({ key, value: read.value, source: { kind: "flag", name } });
    else problems.push({ kind: "invalid-value", key: path, message: `Invalid config in flag ${name}: ${key.toml} = ${shownText(key, raw)}, expected ${key.expected}` });
  }
  return { values, problems, warnings: [] };
}
