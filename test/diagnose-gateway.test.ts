import { afterEach, describe, expect, test } from "bun:test";
import net from "node:net";
import { closeWaitCheck } from "../src/adapters/ib/diagnose/zombie-check.ts";
import { parseLsof, parseProcNetTcp } from "../src/adapters/ib/diagnose/socket-table.ts";
import { diagnoseGateway, reportJson, type DiagnoseOptions } from "../src/app/diagnose/diagnose.ts";
import { reportChanges } from "../src/app/diagnose/watch.ts";
import type { SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { closeWaitOn, eventually, frame } from "./ib-raw-server.ts";
import { Harness } from "./ib-sim-helpers.ts";

const h = new Harness();
const extra: (() => void)[] = [];
afterEach(async () => {
  for (const e of extra.splice(0)) e();
  await h.cleanup();
});

const opts = (sim: { host: string; port: number }, o: Partial<DiagnoseOptions> = {}): DiagnoseOptions => ({
  host: sim.host,
  port: sim.port,
  clientId: 21,
  timeoutMs: 1000,
  mode: "paper",
  symbol: "AAPL",
  farmSettleMs: 300,
  ...o,
});

const statuses = (r: { checks: readonly { id: string; status: string }[] }) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

describe("diagnose-gateway verdicts against the simulator", () => {
  test("a healthy gateway: every check ok, verdict ok, JSON has the documented shape", async () => {
    const sim = await h.sim();
    const report = await diagnoseGateway(opts(sim));
    expect(report.verdict).toBe("ok");
    expect(report.checks.map((c) => c.id)).toEqual(["config", "tcp", "handshake", "server", "accounts", "client-id", "close-wait", "farms", "historical"]);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    const json = reportJson(report);
    expect(Object.keys(json)).toEqual(["verdict", "checks"]);
    expect(Object.keys(json.checks[0]!)).toEqual(["id", "status", "detail", "fix"]);
    expect(report.checks.find((c) => c.id === "handshake")!.detail).toMatch(/API ready in \d+ ms/);
    expect(report.checks.find((c) => c.id === "accounts")!.detail).toContain("DU");
    expect(report.checks.find((c) => c.id === "accounts")!.detail).not.toMatch(/DU\d{5,}/);
    expect(await eventually(() => sim.connections === 0)).toBe(true);
  });

  test("nobody listening: port-closed, the fix says to start TWS / Gateway, later checks skipped", async () => {
    const sim = await h.sim();
    const port = sim.port;
    await sim.close();
    const report = await diagnoseGateway(opts({ host: "127.0.0.1", port }));
    expect(report.verdict).toBe("port-closed");
    const tcp = report.checks.find((c) => c.id === "tcp")!;
    expect(tcp.detail).toContain("refused");
    expect(tcp.fix).toContain("Enable ActiveX and Socket Clients");
    expect(statuses(report).handshake).toBe("skip");
  });

  test("TCP open but API silent: handshake-timeout with the API-settings fix", async () => {
    const sim = await h.sim();
    sim.setFault("silent-handshake", true);
    const report = await diagnoseGateway(opts(sim, { timeoutMs: 300 }));
    expect(report.verdict).toBe("handshake-timeout");
    const hs = report.checks.find((c) => c.id === "handshake")!;
    expect(hs.detail).toContain("did not answer within 300 ms");
    expect(hs.fix).toContain("Trusted IPs");
    expect(statuses(report)).toMatchObject({ tcp: "ok", handshake: "fail", server: "skip", farms: "skip", historical: "skip" });
    // The closed attempt may briefly show on the gateway's side of the port, never on ours.
    expect(report.checks.find((c) => c.id === "close-wait")!.status).not.toBe("fail");
  });

  test("client id taken by another session: client-id-in-use, fix names another id", async () => {
    const sim = await h.sim();
    const other = h.conn(sim, { clientId: 21 });
    expect((await other.start()).ok).toBe(true);
    const report = await diagnoseGateway(opts(sim));
    expect(report.verdict).toBe("client-id-in-use");
    expect(report.checks.find((c) => c.id === "client-id")!.fix).toContain("--client-id");
  });

  test("the client-id-in-use fault gives the same verdict", async () => {
    const sim = await h.sim();
    sim.setFault("client-id-in-use", true);
    expect((await diagnoseGateway(opts(sim))).verdict).toBe("client-id-in-use");
  });

  test("data farms down: farm-down", async () => {
    const sim = await h.sim();
    sim.setFault("farm-down", true);
    const report = await diagnoseGateway(opts(sim));
    expect(report.verdict).toBe("farm-down");
    expect(report.checks.find((c) => c.id === "farms")!.detail).toContain("broken");
  });

  test("TWS has lost its link to IB (1100, not restored): farm-down, and the fix says it reconnects by itself", async () => {
    const sim = await h.sim({ reconnectDelayMs: 60_000, faults: { "connectivity-lost": "1102" } });
    const report = await diagnoseGateway(opts(sim));
    expect(report.verdict).toBe("farm-down");
    const farms = report.checks.find((c) => c.id === "farms")!;
    expect(farms.status).toBe("fail");
    expect(farms.detail).toContain("1100");
    expect(farms.fix).toContain("reconnects by itself");
  });

  test("an unknown probe symbol: no-market-data with IB's code", async () => {
    const sim = await h.sim();
    const report = await diagnoseGateway(opts(sim, { symbol: "ZZZZ" }));
    expect(report.verdict).toBe("no-market-data");
    expect(report.checks.find((c) => c.id === "historical")!.detail).toContain("IB 200");
  });

  test("a paper account while mode is live: port-mode-mismatch; a live port with paper mode too", async () => {
    const sim = await h.sim();
    expect((await diagnoseGateway(opts(sim, { mode: "live" }))).verdict).toBe("port-mode-mismatch");
    const wrongPort = await diagnoseGateway(opts({ host: "127.0.0.1", port: 4001 }, { mode: "paper", timeoutMs: 200 }));
    expect(wrongPort.checks[0]!.status).toBe("fail");
    expect(wrongPort.verdict).toBe("port-mode-mismatch");
  });

  test("a socket of ours left in CLOSE_WAIT on the gateway port: zombie-sockets, named as ours", async () => {
    const sim = await h.sim();
    const zombie = await leakCloseWait(sim);
    extra.push(() => zombie.destroy());
    const report = await diagnoseGateway(opts(sim));
    expect(report.verdict).toBe("zombie-sockets");
    const cw = report.checks.find((c) => c.id === "close-wait")!;
    expect(cw.detail).toContain("robotrader's own");
    expect(cw.detail).toContain(`pid ${process.pid}`);
    expect(cw.fix).toContain(`pid ${process.pid}`);
    expect(cw.fix).toContain(`kill -TERM ${process.pid}`);
    zombie.destroy();
    expect(await eventually(() => closeWaitOn(sim.port).length === 0)).toBe(true);
  });

  test("watch mode reports only what changed", () => {
    const a = { verdict: "ok" as const, checks: [{ id: "tcp" as const, status: "ok" as const, detail: "x" }] };
    const b = { verdict: "port-closed" as const, checks: [{ id: "tcp" as const, status: "fail" as const, detail: "refused" }] };
    expect(reportChanges(undefined, a)).toEqual(["verdict ok"]);
    expect(reportChanges(a, a)).toEqual([]);
    expect(reportChanges(a, b)).toEqual(["verdict: ok -> port-closed", "tcp: ok -> fail (refused)"]);
  });
});

describe("socket table parsing", () => {
  test("/proc/net/tcp lines decode addresses, ports and states", () => {
    const text = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:A2B4 0100007F:0FA2 08 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0000000000000000 20 4 30 10 -1",
    ].join("\n");
    expect(parseProcNetTcp(text)).toEqual([{ localAddress: "127.0.0.1", localPort: 41652, remoteAddress: "127.0.0.1", remotePort: 4002, state: "CLOSE_WAIT", inode: 123456 }]);
  });

  test("lsof output (macOS) gives pid and command", () => {
    const text = [
      "COMMAND     PID USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME",
      "robotrader 4242 me     12u  IPv4 0x1234567890abcdef      0t0  TCP 127.0.0.1:50123->127.0.0.1:4002 (CLOSE_WAIT)",
    ].join("\n");
    expect(parseLsof(text)).toEqual([{ localAddress: "127.0.0.1", localPort: 50123, remoteAddress: "127.0.0.1", remotePort: 4002, state: "CLOSE_WAIT", pid: 4242, command: "robotrader" }]);
  });

  test("another program's CLOSE_WAIT is named but not called ours; the gateway's own only warns", () => {
    const s = { localAddress: "127.0.0.1", localPort: 50000, remoteAddress: "127.0.0.1", remotePort: 4002, state: "CLOSE_WAIT" as const, pid: 99999999, command: "python3 my_bot.py" };
    const other = closeWaitCheck(4002, { supported: true, sockets: [s] });
    expect(other.status).toBe("fail");
    expect(other.detail).not.toContain("robotrader's own");
    expect(other.fix).toContain("does not touch");
    const gatewaySide = closeWaitCheck(4002, { supported: true, sockets: [{ ...s, localPort: 4002, remotePort: 50000, command: "java ibgateway" }] });
    expect(gatewaySide.status).toBe("warn");
    expect(gatewaySide.detail).toContain("never touches");
  });
});

/**
 * A raw API client that keeps its side open after the gateway closes the connection (here
 * after a 326): the socket sits in CLOSE_WAIT, as a leaking client's would.
 */
async function leakCloseWait(sim: SimGateway): Promise<net.Socket> {
  sim.setFault("client-id-in-use", true);
  const socket = net.connect({ host: sim.host, port: sim.port, allowHalfOpen: true });
  socket.on("error", () => {});
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const version = Buffer.from("v100..193");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(version.length);
  socket.write(Buffer.concat([Buffer.from("API\0"), len, version]));
  socket.once("data", () => socket.write(frame([71, 2, 99, ""])));
  socket.on("end", () => {}); // read to EOF but never end our side
  socket.resume();
  expect(await eventually(() => closeWaitOn(sim.port).length === 1)).toBe(true);
  sim.clearFault("client-id-in-use");
  return socket;
}
