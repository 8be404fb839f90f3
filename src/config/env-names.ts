/** Every config environment variable starts with this: ROBOTRADER_GATEWAY_PORT. */
export const ENV_PREFIX = "ROBOTRADER_";

/** ROBOTRADER_* variables that are not config values. */
/** ROBOTRADER_HUGE_PAGES=0: fresh columns on ordinary pages (adapters/os/huge-pages.ts). */
export const NON_CONFIG_ENV: ReadonlySet<string> = new Set(["ROBOTRADER_CONFIG", "ROBOTRADER_HUGE_PAGES"]);
