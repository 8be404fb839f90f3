import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { linuxTcpTable } from "../src/adapters/ib/diagnose/socket-table.ts";
import { closeWaitOn, eventually } from "./ib-raw-server.ts";
import { Harness } from "./ib-sim-helpers.ts";

const h = new Harness();
afterEach(() => h.cleanup());
const MAIN = path.resolve(import.meta.dir, "../src/main.ts");

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
      expect(await eventually(() => established(sim.port) === 1, 10_000)).toBe(true);
      proc.kill(sig);
      expect(await proc.exited).toBe(code);
      // It exited by itself after closing (not killed by the signal's default action).
      expect(proc.signalCode).toBeNull();
      expect(await eventually(() => established(sim.port) === 0)).toBe(true);
      expect(closeWaitOn(sim.port).filter((s) => s.includes(`->127.0.0.1:${sim.port}`))).toEqual([]);
    });
  }
});
