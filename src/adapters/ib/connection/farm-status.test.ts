import { describe, expect, test } from "bun:test";
import { classifyCode } from "../error-codes.ts";
import { FarmStatus, parseFarmNotice } from "./farm-status.ts";

describe("farm status and code classes", () => {
  test("farm notices update the map and report only changes", () => {
    const farms = new FarmStatus();
    const down = parseFarmNotice(2103, "Market data farm connection is broken:usfarm")!;
    expect(down).toEqual({ kind: "market-data", farm: "usfarm", state: "broken", code: 2103 });
    expect(farms.apply(down, 1)).toEqual(down);
    expect(farms.apply(down, 2)).toBeUndefined();
    expect(farms.broken("market-data").map((f) => f.farm)).toEqual(["usfarm"]);
    farms.apply(parseFarmNotice(2104, "Market data farm connection is OK:usfarm")!, 3);
    expect(farms.broken()).toEqual([]);
    expect(parseFarmNotice(2105, "HMDS data farm connection is broken")!.farm).toBe("historical");
    expect(parseFarmNotice(1100, "Connectivity between IB and TWS has been lost.")).toBeUndefined();
  });

  test("codes are classed by what to do about them", () => {
    expect(classifyCode(1100)).toBe("connectivity");
    expect(classifyCode(2104)).toBe("farm");
    expect(classifyCode(2158)).toBe("farm");
    expect(classifyCode(2137)).toBe("warning");
    expect(classifyCode(162)).toBe("pacing");
    expect(classifyCode(326)).toBe("client-id");
    expect(classifyCode(201)).toBe("order");
    expect(classifyCode(502)).toBe("connection");
    expect(classifyCode(200)).toBe("order");
    expect(classifyCode(354)).toBe("request");
  });
});
