import { defineStrategy } from "./index.ts";

// All of valibot, for strategy files, which may use any of it. Its CommonJS build (`require`), a module
// of its own: the built-ins' static uses of the ES module (index.ts) keep that one to the functions
// they name, and this one is loaded only with a strategy file (docs/performance.md). Same version, same code.
const v = require("valibot") as typeof import("valibot");

/** The runtime value of the "robotrader" module. */
export const PUBLIC_API = { defineStrategy, v } as const;
