import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { systemClock } from "../src/adapters/clock/system-clock.ts";
import { linuxTcpTable } from "../src/adapters/ib/diagnose/socket-table.ts";
import { fetchHistoricalBars } from "../src/adapters/ib/data/historical.ts";
import { HistoricalPacer } from "../src/adapters/ib/requests/pacer.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { closeWaitOn, eventually } from "./ib-raw-server.ts";
import { MAIN } from "./helpers/cli.ts";
import { Harness } from "./ib-sim-helpers.ts";

const h = new Harness();
afterEach(() => h.cleanup());

const established = (port: number) => (linuxTcpTable() ?? []).filter((s) => s.remotePort === port && s.state === "ESTABLISHED").length;

describe("clean disconnect on signals", () => {
  for (const [sig, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    test(`${sig} during a connect attempt closes the socket and exits ${code}`, async () => {
      const sim = await h.sim();
      sim.setFault("silent-handshake", true);
      const cwd = mkdtempSync(path.join(tmpdir(), "rt-sig-"));
      const proc = Bun.spawn([process.execPath, MAIN, "data", "fetch", "--port", String(sim.port), "--symbols", "AAPL", "--data-dir", cwd, "-q"], {
        cwd,
        stdout: "pipe",
        stderr: "pipe",
        env: { PATH: process.env.PATH ?? "", HOME: cwd, ROBOTRADER_GATEWAY_HANDSHAKE_TIMEOUT_MS: "60000" },
      });
      h.killAtCleanup(proc);
      expect(await eventually(() => established(sim.port) === 1, 10_000)).toBe(true);
      proc.kill(sig);
      expect(await proc.exited).toBe(code);
      // It exited by itself after closing (not killed by the signal's default action).
      expect(proc.signalCode).toBeNull();
      expect(await eventually(() => established(sim.port) === 0)).toBe(true);
      expect(closeWaitOn(sim.port).filter((s) => s.includes(`->127.0.0.1:${sim.port}`))).toEqual([]);
    });
  }

  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    test(`${sig} while a fetch waits out IB's pacing: stops at once, closes the socket, says 'interrupted' and how to resume, exits ${code}`, async () => {
      // IB's clock stands still, so its 15-second identical-request window never passes.
      const sim = await h.sim({ clock: new FakeClock(), replayStart: "2020-03-02 11:00" });
      const other = h.conn(sim, { clientId: 12 });
      await other.start();
      expect((await fetchHistoricalBars(other, new HistoricalPacer(systemClock), { symbol: "MSFT", barSize: "5s", duration: { count: 1800, unit: "S" } })).ok).toBe(true);
      const cwd = mkdtempSync(path.join(tmpdir(), "rt-sig-"));
      const proc = Bun.spawn([process.execPath, MAIN, "data", "fetch", "--port", String(sim.port), "--symbols", "MSFT,AAPL", "--duration", "1800 S", "--bar-size", "5 secs", "--data-dir", cwd], {
        cwd,
        stdout: "pipe",
        stderr: "pipe",
        env: { PATH: process.env.PATH ?? "", HOME: cwd },
      });
      h.killAtCleanup(proc);
      let err = "";
      void (async () => {
        for await (const chunk of proc.stderr) err += new TextDecoder().decode(chunk);
      })();
      expect(await eventually(() => err.includes("asking again in 16 s"), 10_000)).toBe(true);
      expect(established(sim.port)).toBe(2); // ours and the other program's
      proc.kill(sig);
      // A wait of 16 s, then 1 min, then 10 min would follow if the signal did not end it.
      expect(await proc.exited).toBe(code);
      expect(proc.signalCode).toBeNull();
      const out = await new Response(proc.stdout).text();
      expect(out).toMatch(/MSFT .*interrupted/);
      expect(out).toContain("interrupted before AAPL; the bars saved so far stay, run the same command again to resume");
      expect(await eventually(() => established(sim.port) === 1)).toBe(true);
      expect(closeWaitOn(sim.port)).toEqual([]);
    }, 20_000);
  }
});
