import { afterEach, describe, expect, test } from "bun:test";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { systemClock } from "../src/adapters/clock/system-clock.ts";
import { IbConnection } from "../src/adapters/ib/connection/connection.ts";
import { handshake } from "../src/adapters/ib/connection/handshake.ts";
import { closeWaitOn, eventually, frame, openClientSocketsTo, startRawServer } from "./ib-raw-server.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function raw(behaviour: Parameters<typeof startRawServer>[0]) {
  const server = await startRawServer(behaviour);
  cleanups.push(server.close);
  return server;
}

describe("adapter against bad servers (raw TCP)", () => {
  test("a minimal correct handshake gives a session with accounts and the next order id", async () => {
    const server = await raw("handshake-then-silent");
    const result = await handshake({ host: "127.0.0.1", port: server.port, clientId: 5, timeoutMs: 2000, clock: systemClock });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.serverVersion).toBe(176);
    expect(result.session.accounts).toEqual(["DU1234567"]);
    expect(result.session.nextOrderId).toBe(1);
    const { closeApi } = await import("../src/adapters/ib/connection/handshake.ts");
    closeApi(result.session.api);
    expect(await eventually(() => openClientSocketsTo(server.port).length === 0)).toBe(true);
  });

  test("a silent server times out the handshake and the attempt's socket is closed before it returns", async () => {
    const server = await raw("silent");
    const result = await handshake({ host: "127.0.0.1", port: server.port, clientId: 5, timeoutMs: 300, clock: systemClock });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.reason).toBe("handshake-timeout");
    expect(result.failure.tcpOpened).toBe(true);
    expect(server.received()).toBeGreaterThan(0);
    expect(await eventually(() => openClientSocketsTo(server.port).length === 0)).toBe(true);
    expect(closeWaitOn(server.port)).toEqual([]);
  });

  test("a nobody-listens port fails as port-closed", async () => {
    const server = await raw("silent");
    const port = server.port;
    await server.close();
    cleanups.length = 0;
    const result = await handshake({ host: "127.0.0.1", port, clientId: 5, timeoutMs: 2000, clock: systemClock });
    expect(result.ok ? "ok" : result.failure.reason).toBe("port-closed");
  });

  const garbage: [string, Buffer][] = [
    ["a negative frame length (0xFFFFFFFC) that would loop the library forever", Buffer.from([0xff, 0xff, 0xff, 0xfc, 1, 2, 3, 4, 5])],
    ["a frame longer than the 16 MB maximum", Buffer.from([0x7f, 0, 0, 0, 65, 66])],
    ["a version that is not a number", frame(["hello", "world"])],
    ["a version above what the client supports", frame([999, "20260101 12:00:00 UTC"])],
    ["random bytes", Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n")],
  ];
  for (const [name, bytes] of garbage) {
    test(`garbage handshake (${name}) is an error, not a crash or a hang`, async () => {
      const server = await raw({ send: bytes });
      const result = await handshake({ host: "127.0.0.1", port: server.port, clientId: 5, timeoutMs: 500, clock: systemClock });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(["bad-server", "handshake-timeout", "closed"]).toContain(result.failure.reason);
      expect(await eventually(() => openClientSocketsTo(server.port).length === 0)).toBe(true);
    });
  }

  test("a truncated frame followed by close ends the attempt as closed", async () => {
    const half = frame([176, "20260101 12:00:00 UTC"]).subarray(0, 7);
    const server = await raw({ send: half, thenClose: true });
    const result = await handshake({ host: "127.0.0.1", port: server.port, clientId: 5, timeoutMs: 1000, clock: systemClock });
    expect(result.ok ? "ok" : result.failure.reason).toBe("closed");
    expect(await eventually(() => closeWaitOn(server.port).length === 0)).toBe(true);
  });

  test("an undecodable message after the handshake drops the session and reconnects, no crash", async () => {
    // error message whose advancedOrderReject field is broken JSON: the decoder throws.
    const server = await raw({ afterReady: frame([4, 2, 7, 201, "rejected", "{not json"]) });
    const conn = new IbConnection({ host: "127.0.0.1", port: server.port, clientId: 3, handshakeTimeoutMs: 1000, backoff: { baseMs: 50, maxMs: 100 }, random: () => 0 });
    cleanups.push(() => conn.close());
    const states: string[] = [];
    conn.events.on("state", (s) => states.push(s));
    const started = await conn.start();
    expect(started.ok).toBe(true);
    expect(await eventually(() => states.filter((s) => s === "connected").length >= 2, 3000)).toBe(true);
    expect(states.slice(0, 3)).toEqual(["connecting", "connected", "disconnected"]);
  });

  test("a heartbeat notices an API that stopped answering while TCP stays open", async () => {
    const server = await raw("handshake-then-silent");
    const clock = new FakeClock(Date.UTC(2026, 0, 7, 17));
    // Handshake timers run on real time; heartbeat on the fake clock after connect.
    const conn = new IbConnection({ host: "127.0.0.1", port: server.port, clientId: 3, handshakeTimeoutMs: 2000, heartbeatMs: 1000, heartbeatTimeoutMs: 500, clock: hybrid(clock), backoff: { baseMs: 60_000, maxMs: 60_000 }, random: () => 0 });
    cleanups.push(() => conn.close());
    const started = await conn.start();
    expect(started.ok).toBe(true);
    const states: string[] = [];
    conn.events.on("state", (s) => states.push(s));
    await clock.advanceAsync(1000);
    expect(states).toEqual([]);
    await clock.advanceAsync(500);
    expect(states[0]).toBe("disconnected");
    expect(await eventually(() => openClientSocketsTo(server.port).filter((s) => s.startsWith("ESTABLISHED")).length <= 1)).toBe(true);
  });
});

/** Real timers for the handshake (socket I/O), fake time for everything scheduled later. */
function hybrid(fake: FakeClock) {
  let handshakes = 0;
  return {
    now: () => fake.now(),
    setTimer(ms: number, fn: () => void) {
      // The first timer of each attempt is its handshake deadline: keep it real.
      if (handshakes++ === 0) return systemClock.setTimer(ms, fn);
      return fake.setTimer(ms, fn);
    },
  };
}
