// The simulator for scripts/bench-run.ts on a thread of its own (a Worker: its own event loop
// and heap), as TWS / IB Gateway is a process of its own beside a real runner.
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { createLogger } from "../src/log/logger.ts";
import { benchBars, benchSymbols } from "./bench-sim-bars.ts";

declare const self: Worker;

let sim: SimGateway | undefined;

self.onmessage = async (event: MessageEvent<{ readonly symbols: number; readonly speed: number; readonly tickMs: number } | "stop">) => {
  const m = event.data;
  if (m === "stop") {
    await sim?.close();
    self.postMessage({ stopped: true });
    return;
  }
  const log = createLogger({ quiet: true, format: "json" });
  sim = await startSimGateway({ host: "127.0.0.1", port: 0, speed: m.speed, bars: benchBars(benchSymbols(m.symbols)), tickMs: m.tickMs, log });
  self.postMessage({ host: sim.host, port: sim.port });
};
