import { describe, expect, test } from "bun:test";
import { inMaintenanceWindow, nextWeeklyRelogin, reloginNotice } from "./maintenance.ts";
import { RequestRegistry } from "../requests/request-registry.ts";
import type { IbFailure } from "../result.ts";

describe("maintenance windows", () => {
  test("the nightly reset 23:45-00:45 New York is a maintenance window; noon is not", () => {
    expect(inMaintenanceWindow(Date.UTC(2024, 0, 10, 4, 50))).toBe(true); // 23:50 EST
    expect(inMaintenanceWindow(Date.UTC(2024, 6, 10, 4, 30))).toBe(true); // 00:30 EDT
    expect(inMaintenanceWindow(Date.UTC(2024, 0, 10, 17, 0))).toBe(false); // 12:00 EST
    expect(inMaintenanceWindow(Date.UTC(2024, 0, 10, 5, 50))).toBe(false); // 00:50 EST
  });

  test("the weekly re-login is Sunday 01:00 New York and the user is told a day ahead", () => {
    const saturdayNoon = Date.UTC(2024, 0, 13, 17, 0); // Sat 12:00 EST
    expect(nextWeeklyRelogin(saturdayNoon)).toBe(Date.UTC(2024, 0, 14, 6, 0));
    expect(reloginNotice(saturdayNoon)).toContain("in 13h 0m");
    expect(reloginNotice(Date.UTC(2024, 0, 10, 17, 0))).toBeUndefined(); // Wednesday
    expect(inMaintenanceWindow(Date.UTC(2024, 0, 14, 6, 30))).toBe(true);
  });
});

describe("request registry", () => {
  test("an error for a pending id fails that request with a value; warnings do not", () => {
    const reg = new RequestRegistry();
    const failures: IbFailure[] = [];
    reg.add(7, "historical AAPL", (f) => failures.push(f));
    expect(reg.route(7, 2106, "HMDS data farm connection is OK")).toBe(false);
    expect(reg.route(8, 162, "other")).toBe(false);
    expect(reg.route(7, 162, "Historical Market Data Service error message:pacing violation")).toBe(true);
    expect(failures).toEqual([{ kind: "ib-error", code: 162, message: "Historical Market Data Service error message:pacing violation", request: "historical AAPL" }]);
    expect(reg.has(7)).toBe(false);
    reg.add(9, "positions", (f) => failures.push(f));
    expect(reg.failAll("disconnected", 504, "Not connected")).toBe(1);
    expect(failures[1]?.kind).toBe("disconnected");
    expect(() => {
      reg.add(1, "a", () => {});
      reg.add(1, "b", () => {});
    }).toThrow("already pending");
  });
});
