import { describe, expect, test } from "bun:test";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { setState } from "../../adapters/sqlite/state-repo.ts";
import { readRunnerState, RunnerStateWriter, STATE_KEYS, type ConnectionStatus } from "./state.ts";

const T = 1_700_000_000_000;
const connection: ConnectionStatus = {
  state: "connected", host: "127.0.0.1", port: 4002, clientId: 17, serverVersion: 176, connectedAt: T, lastHeartbeatAt: T + 100,
  reconnects: 1, farms: [{ kind: "market-data", farm: "usfarm", state: "ok", since: T }], lastError: null,
};

describe("runner state rows", () => {
  test("nothing written reads as unknown (null), not as defaults", () => {
    const s = readRunnerState(openDatabase(":memory:"));
    for (const row of Object.values(s)) expect(row).toEqual({ value: null, updatedAt: null, unreadable: false });
  });

  test("what the writer writes, the reader reads, with the time it was written", () => {
    const db = openDatabase(":memory:");
    const w = new RunnerStateWriter(db, () => T + 5);
    w.connection(connection);
    w.circuitBreaker({ status: "open", failures: 5, openedAt: T, lastFailure: "broker: 1100" });
    w.reconciliation({ at: T, ok: false, problems: [{ symbol: "AAPL", kind: "position-mismatch", message: "db 10, broker 0" }], blockedSymbols: ["AAPL"] });
    w.price("AAPL", 190.5, T);
    w.price("BAD", Number.NaN, T); // never stored
    w.flushPrices();
    const s = readRunnerState(db);
    expect(s.connection).toEqual({ value: connection, updatedAt: T + 5, unreadable: false });
    expect(s.circuitBreaker.value?.status).toBe("open");
    expect(s.reconciliation.value?.blockedSymbols).toEqual(["AAPL"]);
    expect(s.prices.value).toEqual({ AAPL: { price: 190.5, time: T } });
    expect(s.runner.value).toBeNull();
  });

  test("a wrong shape is refused at write time, in the runner", () => {
    const w = new RunnerStateWriter(openDatabase(":memory:"));
    expect(() => w.connection({ ...connection, port: "4002" } as unknown as ConnectionStatus)).toThrow();
  });

  test("a row of another shape reads as unknown and is flagged", () => {
    const db = openDatabase(":memory:");
    setState(db, STATE_KEYS.connection, { state: "connected" }, T);
    expect(readRunnerState(db).connection).toEqual({ value: null, updatedAt: T, unreadable: true });
  });
});
