import type { Db } from "../adapters/sqlite/db.ts";
import { killSwitchForRisk, readKillSwitch, setKillSwitch } from "./kill-switch.ts";
import type { KillSwitch } from "./run-live-risk-gate.ts";

/**
 * The runner's view of the stored kill switch (app/kill-switch.ts): read before every
 * order, so `robotrader kill-switch on` from another process blocks the next one; the
 * daily loss limit switches it on, with an alert row.
 */
export function storedKillSwitch(db: Db, now: () => number): KillSwitch {
  return {
    read: () => killSwitchForRisk(readKillSwitch(db)),
    trip: (reason) => void setKillSwitch(db, { on: true, reason, by: "runner:daily-loss-limit", now: now() }),
  };
}
