/** Every config environment variable starts with this: ROBOTRADER_GATEWAY_PORT. */
export const ENV_PREFIX = "ROBOTRADER_";

/**
 * ROBOTRADER_* variables that are not config values (no "unknown variable" warning for them):
 * - ROBOTRADER_CONFIG: the config file;
 * - ROBOTRADER_HUGE_PAGES=0: fresh columns on ordinary pages (adapters/os/huge-pages.ts);
 * - ROBOTRADER_LOWER_HELPERS=0: the runner leaves the runtime's helper threads at their priority
 *   (adapters/os/thread-priority.ts);
 * - ROBOTRADER_RUNNER_SLICE_US: the trading thread's scheduler slice, 0 = the system's
 *   (app/live/helper-threads.ts).
 */
export const NON_CONFIG_ENV: ReadonlySet<string> = new Set(["ROBOTRADER_CONFIG", "ROBOTRADER_HUGE_PAGES", "ROBOTRADER_LOWER_HELPERS", "ROBOTRADER_RUNNER_SLICE_US"]);
