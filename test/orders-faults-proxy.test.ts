import { afterEach, describe, expect, test } from "bun:test";
import type { SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { createLogger } from "../src/log/logger.ts";
import { agrees, expectExactlyOnceAtBroker, positionsAgree, faultRig, inDoubt, stateOf, waitFor, type FaultRig } from "./helpers/fault-rig.ts";
import { FrameProxy, type ProxyFrame } from "./helpers/frame-proxy.ts";
import { startTestSim } from "./helpers/runner-harness.ts";
import { listAlerts } from "../src/adapters/sqlite/alerts-repo.ts";
import { listFills } from "../src/adapters/sqlite/fills-repo.ts";

let sim: SimGateway | undefined;
let proxy: FrameProxy | undefined;
let rig: FaultRig | undefined;

afterEach(async () => {
  await rig?.close();
  await proxy?.close();
  await sim?.close();
  rig = proxy = sim = undefined;
});

/** The simulator, the proxy in front of it, the runner's order path through the proxy. */
async function setup(options: Parameters<typeof faultRig>[1] = {}): Promise<{ sim: SimGateway; proxy: FrameProxy; rig: FaultRig }> {
  sim = (await startTestSim()).sim;
  proxy = await FrameProxy.start(sim);
  rig = await faultRig(proxy, options);
  return { sim, proxy, rig };
}

function capture(): { log: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: createLogger({ format: "json", stream: { write: (line: string) => lines.push(line) > 0 } }) };
}

// orderStatus, openOrder, execDetails (live: reqId -1), commissionReport.
const isOrderMessage = (f: ProxyFrame) => ["3", "5", "59"].includes(f.fields[0]!) || (f.fields[0] === "11" && f.fields[1] === "-1");

describe("order faults through an independent framing-aware proxy: nothing twice, nothing lost, positions equal, the runner keeps running", () => {
  test("hung gateway with the placeOrder frame held: the runner reconnects under another client id and never re-sends; the late frame executes on the old session and is recorded", async () => {
    const { sim, proxy, rig } = await setup();
    const msft = rig.buy("MSFT", 50, 1);
    await waitFor("MSFT filled", () => stateOf(rig, msft.key) === "filled");
    proxy.toGateway = (f) => {
      if (f.fields[0] !== "3") return "pass";
      proxy.hang(f.conn);
      return "hold";
    };
    const aapl = rig.buy("AAPL", 300, 2);
    await waitFor("AAPL in doubt after the reconnect", () => inDoubt(rig).includes(aapl.key));
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
    expect(rig.gate.blockedSymbols()).toEqual(["AAPL"]);
    proxy.toGateway = () => "pass";
    proxy.release(0); // the held placeOrder reaches the gateway on the first session after all
    await waitFor("the late AAPL execution recorded, positions equal", () => stateOf(rig, aapl.key) === "filled" && agrees(rig, sim));
    await waitFor("AAPL unblocked", () => rig.gate.blockedSymbols().length === 0);
    expectExactlyOnceAtBroker(rig, sim);
    expect(new Set([...sim.account.orders.values()].map((o) => o.clientId)).size).toBe(1);
    expect(rig.conn.state).toBe("connected");
  });

  test("30% of live orderStatus/openOrder/execDetails/commissionReport lost on a connection that stays up: recovered, positions equal", async () => {
    const { sim, proxy, rig } = await setup();
    let coin = 7;
    // Answers to reqAllOpenOrders / reqCompletedOrders / reqExecutions pass; only live messages are lost.
    let answering = 0;
    proxy.toGateway = (f) => {
      if (["16", "99", "7"].includes(f.fields[0]!)) answering++;
      return "pass";
    };
    proxy.toClient = (f) => {
      if (["53", "102", "55"].includes(f.fields[0]!)) answering = Math.max(0, answering - 1);
      if (answering > 0 || !isOrderMessage(f)) return "pass";
      coin = (coin * 1103515245 + 12345) % 2147483648;
      return coin / 2147483648 < 0.3 ? "drop" : "pass";
    };
    const keys = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL"].map((s, i) => rig.buy(s, 10 + i, 10 + i).key);
    await waitFor("all filled and recorded, positions equal", () => keys.every((k) => stateOf(rig, k) === "filled") && agrees(rig, sim));
    expectExactlyOnceAtBroker(rig, sim);
    expect(proxy.connections).toBe(1);
  });

  test("a bad frame length (0x00fffff0) with an order's answers lost: protocol fault logged with what was read, reconnect, the order's fill recovered", async () => {
    const { log, lines } = capture();
    const { sim, proxy, rig } = await setup({ heartbeatMs: 60_000, log });
    let injected = false;
    proxy.toClient = (f) => {
      if (!isOrderMessage(f)) return "pass";
      if (!injected) {
        injected = true;
        proxy.inject(f.conn, Buffer.from([0x00, 0xff, 0xff, 0xf0, 0x31, 0x00]));
      }
      return "drop";
    };
    const aapl = rig.buy("AAPL", 40, 1);
    await waitFor("reconnected", () => proxy.connections >= 2);
    proxy.toClient = () => "pass";
    await waitFor("AAPL recorded, positions equal", () => stateOf(rig, aapl.key) === "filled" && agrees(rig, sim));
    expect(lines.some((l) => l.includes("bad frame length 16777200 (0x00fffff0)"))).toBe(true);
    expectExactlyOnceAtBroker(rig, sim);
  });

  test("a frame stalled mid-way: protocol fault logged with the bytes read, reconnect within the stall limit, not the heartbeat's", async () => {
    const { log, lines } = capture();
    const { sim, proxy, rig } = await setup({ heartbeatMs: 60_000, log });
    proxy.toClient = (f) => {
      if (!isOrderMessage(f)) return "pass";
      proxy.hang(f.conn);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(100);
      proxy.inject(f.conn, Buffer.concat([header, Buffer.from("5\u000042\u0000AAPL")]));
      return "drop";
    };
    const aapl = rig.buy("AAPL", 25, 1);
    await waitFor("reconnected", () => proxy.connections >= 2);
    proxy.toClient = () => "pass";
    await waitFor("AAPL recorded, positions equal", () => stateOf(rig, aapl.key) === "filled" && agrees(rig, sim));
    expect(lines.some((l) => l.includes("frame stalled: 9 of 100 bytes read") && l.includes("5|42|AAPL"))).toBe(true);
    expectExactlyOnceAtBroker(rig, sim);
  });

  test("a restarted gateway that reuses execution ids: the new fill under an old id is stored as another execution and alerted, never dropped; positions equal", async () => {
    const { sim, proxy, rig } = await setup();
    // The proxy numbers executions like a gateway whose counter restarts: R.1, R.2, ... per boot.
    const fake = new Map<string, string>();
    let next = 0;
    const idOf = (real: string) => {
      if (!fake.has(real)) fake.set(real, `0000beef.${String(++next).padStart(8, "0")}.01.01`);
      return fake.get(real)!;
    };
    proxy.toClient = (f) => {
      const at = f.fields[0] === "11" ? 14 : f.fields[0] === "59" ? 2 : -1;
      if (at < 0) return "pass";
      const fields = [...f.fields];
      fields[at] = idOf(fields[at]!);
      return { replace: fields };
    };
    const aapl = rig.buy("AAPL", 10, 1);
    await waitFor("AAPL filled", () => stateOf(rig, aapl.key) === "filled");
    next = 0; // the gateway restarts: its execution counter starts again
    sim.setFault("restart", true);
    await waitFor("reconnected and reconciled", () => proxy.connections >= 2 && rig.gate.check({ key: "x", strategy: "t", signalTime: 9, symbol: "MSFT", side: "buy", qty: 1, type: "market", tif: "day" }) === undefined);
    const msft = rig.buy("MSFT", 20, 2);
    await waitFor("MSFT filled and recorded, positions equal", () => stateOf(rig, msft.key) === "filled" && positionsAgree(rig, sim));
    const ids = listFills(rig.db).map((f) => `${f.execId} ${f.symbol} ${f.qty}`);
    expect(ids).toEqual(["0000beef.00000001.01.01 AAPL 10", "0000beef.00000001.01.01#2 MSFT 20"]);
    expect(listAlerts(rig.db, { kinds: ["fill-conflict"] }).length).toBe(1);
    expect(sim.account.executions.length).toBe(2);
  });
});
