import { afterEach, describe, expect, test } from "bun:test";
import path from "node:path";
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { expectExactlyOnce } from "./helpers/runner-spawn.ts";
import { quietLog } from "./helpers/runner-harness.ts";
import { closeWaitOn } from "./ib-raw-server.ts";
import { count, reader, tempDir, until } from "./run-helpers.ts";

const MAIN = path.join(import.meta.dir, "..", "src", "main.ts");
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** `robotrader run` in its own process, as a trader (or a service manager) starts it. */
function spawnRun(dir: string, port: number, symbols: readonly string[]) {
  const args = ["run", "--broker", "ibkr", "--port", String(port), "--replay-clock", "--strategy", "buy-and-hold", "--symbols", symbols.join(","), "--log-format", "json"];
  const child = Bun.spawn([process.execPath, MAIN, ...args], { cwd: dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, ROBOTRADER_DATA_DIR: path.join(dir, "data") } });
  let err = "";
  const pump = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) err += decoder.decode(chunk);
  })();
  return { child, stderr: () => err, done: async () => (await child.exited, await pump, { code: child.exitCode, signal: child.signalCode, out: await new Response(child.stdout).text() }) };
}

const FIRST = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL"];
const MORE = ["META", "INTC"];

/** Symbols the simulator's account holds. */
function held(sim: SimGateway): string[] {
  return [...sim.account.positions.values()].filter((p) => !p.quantity.eq(0)).map((p) => p.symbol);
}

async function waitDisconnected(sim: SimGateway): Promise<void> {
  await until(() => sim.connections === 0, 10_000, 10);
}

describe("run --broker ibkr against a robotrader sim-gateway that outlives it (--replay-clock)", () => {
  test("kill -9 mid-session, restart: no order twice at the simulator, no fill lost, stored positions equal the account's", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    // The gateway lives on while robotrader dies, as TWS / IB Gateway does.
    const sim = await startSimGateway({ port: 0, speed: 300, replayStart: "2020-03-02 10:00", startingCash: 1_000_000, log: quietLog });
    cleanup.push(() => sim.close());
    const db = reader(path.join(dir, "data"));
    cleanup.push(() => db.close());
    const orders = () => count(db, "SELECT count(*) AS n FROM orders");

    // buy-and-hold buys every symbol at its first live bar: the kill lands in that burst of orders.
    const first = spawnRun(dir, sim.port, FIRST);
    await until(() => /"msg":"run \d+: buy-and-hold/.test(first.stderr()), 30_000);
    await until(() => orders() >= 1, 60_000, 2);
    first.child.kill("SIGKILL");
    expect((await first.done()).signal).toBe("SIGKILL");
    await waitDisconnected(sim);
    // An order whose intent and IB order id were committed may still have been waiting to be
    // written to the socket (the group's later sends, the client library's rate limit): it is
    // in doubt, never sent again, and its symbol stays blocked (docs/orders.md).
    const atBroker = new Set([...sim.account.orders.values()].map((o) => o.orderRef));
    const lost = (db.query("SELECT order_ref FROM orders WHERE broker_order_id IS NOT NULL").all() as { order_ref: string }[])
      .map((r) => r.order_ref).filter((ref) => !atBroker.has(ref));
    const traded = [...FIRST, ...MORE].filter((s) => !lost.some((ref) => ref.includes(`:${s}:`)));

    // The restart reconciles at start, takes over the dead runner's lease, buys only what it does not hold.
    const second = spawnRun(dir, sim.port, [...FIRST, ...MORE]);
    await until(() => /reconciliation \(start\)/.test(second.stderr()), 45_000);
    await until(() => held(sim).length === traded.length, 60_000, 20);
    second.child.kill("SIGTERM");
    const stopped = await second.done();
    expect(stopped.code === 0 ? "exit 0" : `exit ${stopped.code}: ${second.stderr().slice(-2000)}`).toBe("exit 0");
    expect(stopped.out).toContain("stopped: SIGTERM");
    expect(second.stderr()).toContain("taking over the runner lock from a runner that is gone");
    // IB refuses a request identical to one within 15 s (the dead runner's backfills): asked again, not given up.
    expect(second.stderr()).not.toContain("backfill failed");
    expect(closeWaitOn(sim.port)).toEqual([]);
    await waitDisconnected(sim);

    // A third start with the kill switch on sends nothing and records what filled while it was away.
    const killSwitch = Bun.spawnSync([process.execPath, MAIN, "kill-switch", "on", "--reason", "test"], { cwd: dir, env: { ...process.env, ROBOTRADER_DATA_DIR: path.join(dir, "data") } });
    expect(killSwitch.exitCode).toBe(0);
    const sent = sim.account.orders.size;
    const third = spawnRun(dir, sim.port, [...FIRST, ...MORE]);
    await until(() => (lost.length === 0 ? /reconciliation \(start\): ok/ : /reconciliation \(start\)/).test(third.stderr()), 45_000);
    third.child.kill("SIGTERM");
    expect((await third.done()).code).toBe(0);
    expect(sim.account.orders.size).toBe(sent);
    expect(third.stderr()).not.toMatch(/"level":"error"/);
    expectExactlyOnce(sim, path.join(dir, "data", "robotrader.db"), lost);
    // One buy per symbol reached the simulator: nothing bought twice across the kill and the restarts.
    const perSymbol = new Map<string, number>();
    for (const o of sim.account.orders.values()) perSymbol.set(o.symbol, (perSymbol.get(o.symbol) ?? 0) + 1);
    expect([...perSymbol.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(held(sim).sort()).toEqual(traded.sort());
  }, 180_000);
});
