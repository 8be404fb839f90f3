import { plugin } from "bun";
import { PUBLIC_API } from "../../strategy/api/index.ts";

/** The module name strategy files import the API from. */
export const API_MODULE = "robotrader";

let registered = false;

/**
 * Registers `import { defineStrategy, v } from "robotrader"` for files loaded at run time. A
 * runtime plugin works in the compiled binary, where a strategy file has no node_modules to
 * import from; the built-ins use the very same objects.
 */
export function registerApiModule(): void {
  if (registered) return;
  registered = true;
  plugin({
    name: "robotrader-strategy-api",
    setup(build) {
      build.module(API_MODULE, () => ({ exports: { ...PUBLIC_API }, loader: "object" }));
    },
  });
}
