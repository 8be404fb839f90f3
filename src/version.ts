import pkg from "../package.json" with { type: "json" };

// Replaced by scripts/build.ts through `bun build --define`; absent when run from source.
declare const ROBOTRADER_GIT_REV: string | undefined;

export const VERSION: string = pkg.version;
export const GIT_REVISION: string = typeof ROBOTRADER_GIT_REV === "string" ? ROBOTRADER_GIT_REV : "source";
export const VERSION_LINE = `robotrader ${VERSION} (${GIT_REVISION})`;
