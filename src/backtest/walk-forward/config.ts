import type { Grid } from "./grid.ts";
import type { ObjectiveName } from "./objective.ts";
import type { WindowSpec } from "./windows.ts";

/** A walk-forward: its windows, the parameter grid and the in-sample objective (cli/_walk-forward-flags.ts parses the flags). */
export interface WalkForwardConfig {
  readonly windows: WindowSpec;
  readonly grid: Grid;
  readonly objective: ObjectiveName;
}
