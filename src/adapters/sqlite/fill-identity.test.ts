import { afterEach, describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import type { OrderIntent } from "../../core/order.ts";
import { listAlerts } from "./alerts-repo.ts";
import { openDatabase, type Db } from "./db.ts";
import { SqliteStore } from "./engine-store.ts";
import { correctionPrefix } from "./fill-identity.ts";
import { listFills } from "./fills-repo.ts";

let db: Db | undefined;
afterEach(() => db?.close());

const intent: OrderIntent = { key: "rt:s:AAPL:buy:1", strategy: "s", signalTime: 1, symbol: "AAPL", side: "buy", qty: 100, type: "market", tif: "day" };
const fill = (execId: string, qty: number, price: string, time = 5) => ({ orderKey: intent.key, execId, symbol: "AAPL", side: "buy" as const, qty, price: money(price), commission: money("0.5"), time });

function store(): SqliteStore {
  db = openDatabase(":memory:");
  const s = new SqliteStore(db, { account: "DU1", mode: "sim" });
  s.recordIntent(intent);
  s.recordSubmission(intent.key, 1, 2);
  return s;
}

const held = (s: SqliteStore) => s.positions().find((p) => p.symbol === "AAPL")?.qty ?? 0;

describe("fill identity: exec id and content", () => {
  test("the same exec id with the same content is a replay: stored once", () => {
    const s = store();
    expect(s.recordFill(fill("aa.0001.01.01", 40, "10"))).toBe(true);
    expect(s.recordFill(fill("aa.0001.01.01", 40, "10"))).toBe(false);
    expect(s.fillStatus(fill("aa.0001.01.01", 40, "10")).kind).toBe("stored");
    expect(held(s)).toBe(40);
  });

  test("the same exec id with other content (a restarted gateway reusing ids) is stored as another execution and alerted, once", () => {
    const s = store();
    s.recordFill(fill("aa.0001.01.01", 40, "10", 5));
    expect(s.fillStatus(fill("aa.0001.01.01", 60, "11", 9)).kind).toBe("conflict");
    expect(s.recordFill(fill("aa.0001.01.01", 60, "11", 9))).toBe(true);
    expect(s.recordFill(fill("aa.0001.01.01", 60, "11", 9))).toBe(false);
    expect(listFills(db!).map((f) => `${f.execId} ${f.qty}`)).toEqual(["aa.0001.01.01 40", "aa.0001.01.01#2 60"]);
    expect(held(s)).toBe(100);
    const alerts = listAlerts(db!, { kinds: ["fill-conflict"] });
    expect(alerts.length).toBe(1);
    expect(alerts[0]!.message).toContain("kept as a separate execution aa.0001.01.01#2");
  });

  test("IB's correction (same prefix, next suffix) is alerted once and never counted as a second fill", () => {
    const s = store();
    s.recordFill(fill("aa.0001.01.01", 40, "10"));
    expect(s.fillStatus(fill("aa.0001.01.02", 40, "10.02")).kind).toBe("correction");
    expect(s.recordFill(fill("aa.0001.01.02", 40, "10.02"))).toBe(false);
    expect(s.recordFill(fill("aa.0001.01.02", 40, "10.02"))).toBe(false);
    expect(held(s)).toBe(40);
    expect(listFills(db!).length).toBe(1);
    expect(listAlerts(db!, { kinds: ["fill-correction"] }).map((a) => a.message)).toEqual([
      "IB corrected execution aa.0001.01.01 as aa.0001.01.02 (buy 40 @ 10 -> buy 40 @ 10.02); the stored fill is kept, not counted twice; a position difference blocks AAPL until resolved",
    ]);
  });

  test("the correction prefix is everything up to the last dot", () => {
    expect(correctionPrefix("0000e0d5.6571a1b2.01.01")).toBe("0000e0d5.6571a1b2.01.");
    expect(correctionPrefix("paper-17")).toBeUndefined();
    expect(correctionPrefix("x.1")).toBeUndefined();
  });
});
