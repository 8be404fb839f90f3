import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { connect, type Socket } from "node:net";
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { settleCloseWait } from "./helpers/sockets.ts";

/**
 * "A different IB client library connecting to it must work too": a second client, written
 * here from ../shared/IB-API-NOTES.md alone (not the simulator's codec, not @stoqey), that
 * connects as ib_async 2.0.1 does (v157..178, startApi, ready on exactly-3-field
 * nextValidId + managedAccounts), sends ib_async's requests field for field, and checks
 * every frame the server sends against the layouts ib_async decodes at server version 178.
 */

const IA_RANGE = "v157..178";
const ACCOUNT = "DU1234567";

/** Exact field counts at v178 per server->client id (§6 of the notes; f = the frame). */
const LAYOUT: Record<string, (f: string[]) => number> = {
  "1": () => 7, // tickPrice: IA unpacks exactly 7
  "2": () => 5, // tickSize
  "3": () => 12, // orderStatus (no version since 131)
  "4": () => 6, // error with advancedOrderRejectJson (>= 166)
  "5": () => 127, // openOrder, plain STK order at 176-178
  "6": () => 6, // updateAccountValue
  "7": () => 20, // updatePortfolio: IA unpacks exactly 20
  "8": () => 3, // updateAccountTime
  "9": () => 3, // nextValidId: exactly 3 or IA never becomes ready
  "10": (f) => 40 + 2 * Number(f[30]), // contractDetails: 40 + the secId pairs
  "11": () => 32, // execDetails at 178 (pendingPriceRevision)
  "15": () => 3, // managedAccounts: exactly 3
  "17": (f) => 5 + 8 * Number(f[4]), // historicalData: no version, no hasGaps
  "46": () => 5, // tickString
  "49": () => 3, // currentTime
  "50": () => 11, // realtimeBar
  "52": () => 3, // contractDetailsEnd
  "53": () => 2, // openOrderEnd
  "54": () => 3, // accountDownloadEnd
  "55": () => 3, // execDetailsEnd
  "58": () => 4, // marketDataType
  "59": () => 8, // commissionReport: IA unpacks exactly 8
  "61": () => 16, // position: IA unpacks exactly 16 (no primaryExchange)
  "62": () => 2, // positionEnd
  "63": () => 7, // accountSummary
  "64": () => 3, // accountSummaryEnd
  "73": () => 8, // accountUpdateMulti
  "74": () => 3, // accountUpdateMultiEnd
  "90": () => 10, // historicalDataUpdate
  "101": () => 96, // completedOrder, plain STK order: what ib_async 2.0.1's decoder reads at 178
  "102": () => 1, // completedOrdersEnd: the id alone
};

/** Fields ib_async converts with int()/float(): they must be numbers (or "" = 0). */
const NUMERIC: Record<string, readonly number[]> = {
  "1": [2, 3, 4, 5, 6],
  "2": [2, 3, 4],
  "3": [1, 3, 4, 5, 6, 7, 8, 9, 11],
  "4": [2, 3],
  "7": [2, 5, 13, 14, 15, 16, 17, 18],
  "9": [2],
  "11": [1, 2, 3, 19, 20, 21, 22, 24, 25],
  "49": [2],
  "50": [2, 3, 4, 5, 6, 7, 8, 9, 10],
  "59": [3, 5, 6],
  "61": [3, 14, 15],
  "90": [1, 2, 4, 5, 6, 7, 8, 9],
};

/** A bare client in the manner of ib_async: strict framing, its handshake and readiness rules. */
class IaClient {
  readonly frames: string[][] = [];
  readonly problems: string[] = [];
  serverVersion = 0;
  accounts: string[] = [];
  nextValidId = 0;
  #buffer = Buffer.alloc(0);
  #wake: (() => void)[] = [];
  #closed = false;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("close", () => {
      this.#closed = true;
      this.#notify();
    });
    socket.on("error", () => {});
  }

  static async connect(port: number, clientId: number): Promise<IaClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: "127.0.0.1", port }, () => resolve(s));
      s.once("error", reject);
    });
    const c = new IaClient(socket);
    const range = Buffer.from(IA_RANGE, "ascii");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(range.length);
    socket.write(Buffer.concat([Buffer.from("API\0", "ascii"), len, range])); // no NUL after the range
    await c.until(() => c.serverVersion > 0);
    c.send(71, 2, clientId, ""); // startApi, optional capabilities empty
    await c.until(() => c.nextValidId > 0 && c.accounts.length > 0); // IA's "apiReady"
    return c;
  }

  /** Fields as ib_async's Client.send renders them: str(), bools as "0"/"1". */
  send(...fields: (string | number | boolean)[]): void {
    const body = Buffer.from(fields.map((f) => (typeof f === "boolean" ? (f ? "1" : "0") : String(f)) + "\0").join(""), "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    this.socket.write(Buffer.concat([len, body]));
  }

  /** Resolves when `check` holds, failing after 3 s (ib_async gives each startup request its own timeout). */
  async until(check: () => boolean, what = "condition"): Promise<void> {
    const deadline = Date.now() + 3000;
    while (!check()) {
      if (this.#closed) throw new Error(`closed while waiting for ${what}; frames ${JSON.stringify(this.frames.slice(-5))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} timed out; last frames ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#wake.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The first frame (after index `from`) matching; waits like `until`. */
  async frame(match: (f: string[]) => boolean, what: string, from = 0): Promise<string[]> {
    await this.until(() => this.frames.slice(from).some(match), what);
    return this.frames.slice(from).find(match)!;
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end();
    });
  }

  #notify(): void {
    for (const w of this.#wake.splice(0)) w();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 4) {
      const end = 4 + this.#buffer.readUInt32BE(0);
      if (this.#buffer.length < end) break;
      const body = this.#buffer.subarray(4, end);
      this.#buffer = this.#buffer.subarray(end);
      const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
      if (!text.endsWith("\0")) this.problems.push(`frame without its final NUL: ${JSON.stringify(text.slice(0, 60))}`);
      const fields = text.split("\0");
      fields.pop();
      this.#take(fields);
    }
    this.#notify();
  }

  #take(fields: string[]): void {
    this.frames.push(fields);
    if (this.serverVersion === 0) {
      if (fields.length !== 2) return void this.problems.push(`handshake reply has ${fields.length} fields, IA needs exactly 2`);
      this.serverVersion = Number(fields[0]);
      return;
    }
    const id = fields[0] ?? "";
    if (id === "9" && fields.length === 3) this.nextValidId = Number(fields[2]);
    if (id === "15" && fields.length === 3) this.accounts = (fields[2] ?? "").split(",").filter(Boolean);
    const layout = LAYOUT[id];
    if (!layout) return void this.problems.push(`message id ${id} is not one this client was told about: ${JSON.stringify(fields).slice(0, 100)}`);
    const want = layout(fields);
    if (fields.length !== want) this.problems.push(`message ${id} has ${fields.length} fields, ib_async reads ${want}: ${JSON.stringify(fields).slice(0, 160)}`);
    for (const i of NUMERIC[id] ?? []) {
      const v = fields[i] ?? "";
      if (v !== "" && !Number.isFinite(Number(v))) this.problems.push(`message ${id} field ${i} is ${JSON.stringify(v)}, ib_async reads a number`);
    }
  }
}

/** ib_async's 12-field contract for a stock: Python str() of its defaults. */
const C12 = (symbol: string) => ["0", symbol, "STK", "", "0.0", "", "", "SMART", "", "USD", "", ""];

/** placeOrder (3) at 176-178 as ib_async sends a plain order: 114 fields (§5 of the notes). */
function iaOrder(orderId: number, action: "BUY" | "SELL", qty: number, type: "MKT" | "LMT", lmt: number | undefined, orderRef: string): string[] {
  const f = Array.from({ length: 114 }, () => "");
  f[0] = "3";
  f[1] = String(orderId);
  C12("AAPL").forEach((v, i) => (f[2 + i] = v));
  Object.assign(f, { 16: action, 17: `${qty}.0`, 18: type, 19: lmt === undefined ? "" : String(lmt), 21: "DAY", 24: "O", 25: "0", 26: orderRef, 27: "1", 28: "0" });
  for (const i of [29, 30, 31, 32, 33, 34, 43, 46, 49, 52, 53, 61, 63, 66, 77, 80, 81, 84, 86, 87, 88, 89, 96, 105, 106, 107, 111]) f[i] = "0";
  f[45] = "-1"; // exemptCode default
  return f;
}

let gw: SimGateway;
let clock: FakeClock;
const clients: IaClient[] = [];

async function ia(clientId: number): Promise<IaClient> {
  const c = await IaClient.connect(gw.port, clientId);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  clock = new FakeClock();
  gw = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00" });
});

afterEach(async () => {
  for (const c of clients.splice(0)) {
    expect(c.problems).toEqual([]);
    await c.close();
  }
  await gw.close();
  expect(await settleCloseWait(gw.port)).toEqual([]);
});

describe("an ib_async-style client (written from the notes) against the simulator", () => {
  test("handshake: answered at 178 (never above the client's max), ready on nextValidId and managedAccounts of exactly 3 fields", async () => {
    const c = await ia(0);
    expect(c.serverVersion).toBe(178);
    expect(c.accounts).toEqual([ACCOUNT]);
    expect(c.nextValidId).toBeGreaterThan(0);
    // Then the farm notices, as warnings not tied to a request.
    await c.frame((f) => f[0] === "4" && f[3] === "2158", "sec-def farm notice");
    expect(c.frames.filter((f) => f[0] === "4").every((f) => f[2] === "-1" && Number(f[3]) >= 2100 && Number(f[3]) < 2200)).toBe(true);
  });

  test("IB.connectAsync's startup requests (§3) each get their End message, with every layout as ib_async decodes it", async () => {
    // Another client trades first, so positions, portfolio, executions and orders are not empty.
    const trader = await ia(1);
    trader.send(...iaOrder(trader.nextValidId, "BUY", 10, "MKT", undefined, "ia-fill"));
    const exec = await trader.frame((f) => f[0] === "11", "execDetails of the fill");
    const report = await trader.frame((f) => f[0] === "59", "commissionReport of the fill");
    expect(report[2]).toBe(exec[14]); // matched by execId, after execDetails
    expect(trader.frames.findIndex((f) => f[0] === "11")).toBeLessThan(trader.frames.findIndex((f) => f[0] === "59"));
    trader.send(...iaOrder(trader.nextValidId + 1, "BUY", 5, "LMT", 1, "ia-rest"));
    await trader.frame((f) => f[0] === "3" && f[2] === "Submitted", "resting order status");

    const c = await ia(0);
    let n = c.frames.length;
    c.send(15, 1, true); // reqAutoOpenOrders, client id 0 only: no answer expected
    c.send(61, 1); // reqPositions
    c.send(5, 1); // reqOpenOrders
    c.send(99, false); // reqCompletedOrders(apiOnly=False)
    c.send(6, 2, true, ACCOUNT); // reqAccountUpdates (exactly one account)
    c.send(76, 1, 9001, ACCOUNT, "", false); // reqAccountUpdatesMulti per account
    const position = await c.frame((f) => f[0] === "61", "position", n);
    expect(position.slice(2, 5)).toEqual([ACCOUNT, position[3]!, "AAPL"]);
    expect(position[14]).toBe("10");
    await c.frame((f) => f[0] === "62", "positionEnd", n);
    await c.frame((f) => f[0] === "53", "openOrderEnd", n);
    const completed = await c.frame((f) => f[0] === "101", "completedOrder", n);
    expect(completed).toContain("ia-fill");
    await c.frame((f) => f[0] === "102", "completedOrdersEnd", n);
    const portfolio = await c.frame((f) => f[0] === "7", "updatePortfolio", n);
    expect(portfolio[3]).toBe("AAPL");
    expect(portfolio[19]).toBe(ACCOUNT);
    const cash = await c.frame((f) => f[0] === "6" && f[2] === "TotalCashValue", "updateAccountValue", n);
    expect(cash[5]).toBe(ACCOUNT);
    await c.frame((f) => f[0] === "8", "updateAccountTime", n);
    expect(await c.frame((f) => f[0] === "54", "accountDownloadEnd", n)).toEqual(["54", "1", ACCOUNT]);
    await c.frame((f) => f[0] === "73" && f[2] === "9001", "accountUpdateMulti", n);
    expect(await c.frame((f) => f[0] === "74", "accountUpdateMultiEnd", n)).toEqual(["74", "1", "9001"]);
    // "the request for executions must come after all orders are in"
    n = c.frames.length;
    c.send(7, 3, 9002, 0, "", "", "", "", "", ""); // reqExecutions with ib_async's empty ExecutionFilter
    const past = await c.frame((f) => f[0] === "11" && f[1] === "9002", "execDetails for the request", n);
    expect(past[26]).toBe("ia-fill");
    await c.frame((f) => f[0] === "59" && f[2] === past[14], "its commissionReport", n);
    expect(await c.frame((f) => f[0] === "55", "execDetailsEnd", n)).toEqual(["55", "1", "9002"]);
    // reqAutoOpenOrders drew no error.
    expect(c.frames.filter((f) => f[0] === "4" && Number(f[3]) < 2100)).toEqual([]);
  });

  test("market data as ib_async asks for it: contract details, ticks, 5-second bars, history with keepUpToDate, account summary, current time", async () => {
    const c = await ia(2);
    const n = c.frames.length;
    c.send(49, 1);
    expect((await c.frame((f) => f[0] === "49", "currentTime", n))[2]).toBe(String(Math.floor(clock.now() / 1000)));
    c.send(9, 8, 11, ...C12("AAPL"), "0", "", "", ""); // reqContractDetails: 19 fields
    const details = await c.frame((f) => f[0] === "10", "contractDetails", n);
    expect(details[2]).toBe("AAPL");
    await c.frame((f) => f[0] === "52" && f[2] === "11", "contractDetailsEnd", n);
    c.send(1, 11, 12, ...C12("AAPL"), "0", "", "0", "0", ""); // reqMktData: 20 fields
    c.send(50, 3, 13, ...C12("AAPL"), 5, "TRADES", "1", ""); // reqRealTimeBars: 19 fields
    c.send(20, 14, ...C12("AAPL"), "0", "", "5 mins", "1 D", "1", "TRADES", "1", "1", ""); // keepUpToDate
    c.send(62, 1, 15, "All", "NetLiquidation,TotalCashValue,BuyingPower,$LEDGER:ALL");
    await c.frame((f) => f[0] === "17" && f[1] === "14", "historicalData (IA needs at least one bar before updates)", n);
    await c.frame((f) => f[0] === "63" && f[4] === "NetLiquidation", "accountSummary", n);
    expect(await c.frame((f) => f[0] === "64", "accountSummaryEnd", n)).toEqual(["64", "1", "15"]);
    for (let i = 0; i < 3; i++) {
      clock.advance(5000);
      await c.frame((f) => f[0] === "50" && f[2] === "13" && c.frames.filter((g) => g[0] === "50").length > i, `realtimeBar ${i + 1}`, n);
    }
    const last = await c.frame((f) => f[0] === "1" && f[2] === "12" && f[3] === "4", "last price tick", n);
    expect(Number(last[4])).toBeGreaterThan(0);
    await c.frame((f) => f[0] === "2" && f[2] === "12", "tickSize", n);
    const update = await c.frame((f) => f[0] === "90" && f[1] === "14", "historicalDataUpdate", n);
    // [90, reqId, barCount, date, open, close, high, low, WAP, volume]: high is the largest, low the smallest.
    const [open, close, high, low] = [4, 5, 6, 7].map((i) => Number(update[i]));
    expect(high!).toBeGreaterThanOrEqual(Math.max(open!, close!));
    expect(low!).toBeLessThanOrEqual(Math.min(open!, close!));
  });

  test("orders as ib_async places and cancels them: openOrder 127, orderStatus 12, and 202 tied to the order id", async () => {
    const c = await ia(3);
    const id = c.nextValidId;
    let n = c.frames.length;
    c.send(...iaOrder(id, "BUY", 7, "LMT", 1, "ia-cancel"));
    const open = await c.frame((f) => f[0] === "5" && f[1] === String(id), "openOrder", n);
    expect(open).toContain("ia-cancel");
    await c.frame((f) => f[0] === "3" && f[1] === String(id) && f[2] === "Submitted", "orderStatus Submitted", n);
    n = c.frames.length;
    c.send(4, 1, id, ""); // cancelOrder at 169-178: version field and manualOrderCancelTime
    await c.frame((f) => f[0] === "3" && f[1] === String(id) && f[2] === "Cancelled", "orderStatus Cancelled", n);
    const e202 = await c.frame((f) => f[0] === "4" && f[3] === "202", "error 202", n);
    expect(e202[2]).toBe(String(id));
    n = c.frames.length;
    c.send(20, 16, ...C12("ZZZZ"), "0", "", "1 day", "5 D", "1", "TRADES", "1", "0", "");
    const e200 = await c.frame((f) => f[0] === "4" && f[2] === "16", "error for the unknown contract", n);
    expect(e200[3]).toBe("200");
  });
});
