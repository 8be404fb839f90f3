// The simulator for scripts/bench-run.ts --sim-in process: a process of its own, started in a
// session of its own (setsid), as TWS / IB Gateway runs beside a real runner. Prints
// {"host","port"} on one line once it listens; stops when its stdin closes.
import { startSimGateway } from "../src/adapters/sim-gateway/index.ts";
import { createLogger } from "../src/log/logger.ts";
import { benchBars, benchSymbols } from "./bench-sim-bars.ts";

const arg = (name: string) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]);
const log = createLogger({ quiet: true, format: "json" });
const sim = await startSimGateway({ host: "127.0.0.1", port: 0, speed: arg("speed"), bars: benchBars(benchSymbols(arg("symbols"))), tickMs: arg("tick-ms"), log });
console.log(JSON.stringify({ host: sim.host, port: sim.port }));
process.stdin.on("close", () => void sim.close().then(() => process.exit(0)));
process.stdin.on("end", () => void sim.close().then(() => process.exit(0)));
process.stdin.resume();
