import { afterEach, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { EventName, OrderAction, OrderType, SecType, type Contract } from "@stoqey/ib";
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { connectClient, type TestClient } from "./helpers/stoqey-client.ts";

const AAPL: Contract = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
let gw: SimGateway | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await gw?.close();
  gw = undefined;
});

async function start(options: Parameters<typeof startSimGateway>[0] = {}): Promise<{ gw: SimGateway; clock: FakeClock; client: TestClient }> {
  const clock = new FakeClock();
  gw = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00", startingCash: 100_000, ...options });
  const client = await connectClient(gw.port, 1);
  clients.push(client);
  return { gw, clock, client };
}

function rejection(client: TestClient, orderId: number, qty: number): Promise<string> {
  const answer = client.next<[Error, number, number]>(EventName.error, (_e: Error, _code: number, id: number) => id === orderId);
  client.ib.placeOrder(orderId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: qty, transmit: true });
  return answer.then(([e, code]) => `${code} ${e.message}`);
}

describe("sim-gateway order checks and order faults", () => {
  test("an order beyond the buying power and a fractional share size are rejected with IB's 201; nothing fills", async () => {
    const { gw, client } = await start();
    expect(await rejection(client, 1, 1e12)).toMatch(/^201 Order rejected - reason:insufficient buying power/);
    expect(await rejection(client, 2, 0.5)).toMatch(/^201 Order rejected - reason:fractional share size 0.5/);
    expect(gw.account.executions).toEqual([]);
    expect(gw.account.orders.size).toBe(0);
  });

  test("a socket that never completes the API handshake is closed", async () => {
    gw = await startSimGateway({ port: 0, clock: new FakeClock(), handshakeTimeoutMs: 100 });
    const socket = connect(gw.port, "127.0.0.1");
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => {});
    await closed;
    expect(socket.destroyed).toBe(true);
  });

  test("restart drops every connection and keeps the account; execution ids never repeat", async () => {
    const { gw, clock, client } = await start();
    const first = client.next(EventName.orderStatus, (_id: number, status: string) => status === "Filled");
    client.ib.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 5, transmit: true });
    clock.advance(5000);
    await first;
    const dropped = client.next(EventName.disconnected);
    gw.setFault("restart", true);
    await dropped;
    const again = await connectClient(gw.port, 1);
    clients.push(again);
    const second = again.next(EventName.orderStatus, (_id: number, status: string) => status === "Filled");
    again.ib.placeOrder(2, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 5, transmit: true });
    clock.advance(5000);
    await second;
    const ids = gw.account.executions.map((x) => x.execId);
    expect(ids.length).toBe(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids[0]!.split(".")[0]).not.toBe(ids[1]!.split(".")[0]);
    expect(Number(gw.account.position("AAPL")?.quantity.toString())).toBe(10);
  });
});
