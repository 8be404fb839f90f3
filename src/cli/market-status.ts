import { defineCommand } from "citty";
import { formatMarketStatus, marketStatus } from "../app/runner/market-status.ts";
import { parseAtFlag } from "./_at-flag.ts";
import { commonArgs } from "./_args.ts";
import { printJson, printText } from "./_output.ts";

export default defineCommand({
  meta: {
    name: "market-status",
    description: "NYSE session now (or --at): pre-market, regular, after-hours, closed; next open and close",
  },
  args: {
    ...commonArgs,
    at: {
      type: "string",
      description: "Instead of now: 2026-11-27T10:00 (New York time), 2026-11-27T15:00Z, or a date (12:00 New York)",
    },
  },
  run({ args }) {
    // The CLI is where the clock is read; the calendar itself is pure.
    const now = args.at === undefined ? Date.now() : parseAtFlag(args.at);
    const report = marketStatus(now);
    if (args.json) printJson(report);
    else printText(formatMarketStatus(report));
  },
});
