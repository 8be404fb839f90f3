/**
 * Runs before `npm test` (npm's pretest hook). The report and status-page tests drive a real
 * headless Chromium; on a Debian/Ubuntu machine where we are root and it is missing, install it
 * from the distribution (apt-get), otherwise say how. CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { $ } from "bun";
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
if (!isRoot || !hasApt) {
  console.error(`Chromium not found at ${path}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH; the browser tests will fail without it.`);
  process.exit(0);
}
console.error("Installing Debian's chromium for the browser tests (apt-get)...");
await $`apt-get update -qq`.quiet();
await $`env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`.quiet();
console.error(existsSync(path) ? `chromium installed at ${path}` : `apt-get finished but ${path} is still missing`);
