import type { ConfigKey } from "./keys.ts";
import type { ConfigProblem } from "./problem.ts";
import type { ConfigSource } from "./source.ts";

/** One value a source sets. */
export interface SetValue {
  readonly key: ConfigKey;
  readonly value: unknown;
  readonly source: ConfigSource;
}

/** What one source (file, environment, flags) contributes, problems included. */
export interface Layer {
  readonly values: readonly SetValue[];
  readonly problems: readonly ConfigProblem[];
  readonly warnings: readonly string[];
}
