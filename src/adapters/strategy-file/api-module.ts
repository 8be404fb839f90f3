import { plugin } from "bun";

/** The module name strategy files import the API from. */
export const API_MODULE = "robotrader";

let registered: Promise<void> | undefined;

/**
 * Registers `import { defineStrategy, v } from "robotrader"` for files loaded at run time. A
 * runtime plugin works in the compiled binary, where a strategy file has no node_modules to
 * import from; the built-ins use the same defineStrategy, and `v` is all of valibot (loaded with
 * the first strategy file: public-api.ts).
 */
export function registerApiModule(): Promise<void> {
  registered ??= register();
  return registered;
}

async function register(): Promise<void> {
  const { PUBLIC_API } = await import("../../strategy/api/public-api.ts");
  plugin({
    name: "robotrader-strategy-api",
    setup(build) {
      build.module(API_MODULE, () => ({ exports: { ...PUBLIC_API }, loader: "object" }));
    },
  });
}
