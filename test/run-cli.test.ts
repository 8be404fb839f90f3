import { afterEach, describe, expect, test } from "bun:test";
import path from "node:path";
import { closeWaitOn } from "./ib-raw-server.ts";
import { simSession, tempDir, testConfig, until } from "./run-helpers.ts";

const MAIN = path.join(import.meta.dir, "..", "src", "main.ts");
let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

function spawnRun(dir: string, args: string[], env: Record<string, string> = {}) {
  return Bun.spawn([process.execPath, MAIN, "run", ...args], {
    cwd: dir, stdout: "pipe", stderr: "pipe",
    env: { ...process.env, ROBOTRADER_DATA_DIR: path.join(dir, "data"), ...env },
  });
}

describe("robotrader run (CLI)", () => {
  test("SIGTERM ends a --sim session: nothing cancelled, summary printed, exit 0, no socket left in CLOSE_WAIT", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const child = spawnRun(dir, ["--sim", "--for", "10m", "--symbols", "AAPL,MSFT", "--log-format", "json"]);
    let err = "";
    const reader = child.stderr.getReader();
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        err += new TextDecoder().decode(value);
      }
    })();
    await until(() => /"msg":"run \d+: sma-cross/.test(err));
    const port = Number(/IB connected to 127\.0\.0\.1:(\d+)/.exec(err)?.[1]);
    child.kill("SIGTERM");
    const code = await child.exited;
    await pump;
    const out = await new Response(child.stdout).text();
    expect(code).toBe(0);
    expect(out).toContain("stopped: SIGTERM");
    expect(out).toMatch(/trades \(fills\): \d+/);
    expect(closeWaitOn(port)).toEqual([]);
  }, 60_000);

  test("refuses to start without a gateway and says why: exit 1", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const child = spawnRun(dir, ["--port", "1", "--for", "5s"], { ROBOTRADER_MODE: "paper" });
    const code = await child.exited;
    const err = await new Response(child.stderr).text();
    expect(code).toBe(1);
    expect(err).toContain("no gateway at 127.0.0.1:1");
  }, 30_000);

  test("refuses a config whose port and mode disagree: exit 2", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const child = spawnRun(dir, ["--port", "4001", "--for", "5s"], { ROBOTRADER_MODE: "paper" });
    const code = await child.exited;
    const err = await new Response(child.stderr).text();
    expect(code).toBe(2);
    expect(err).toContain("4001");
  }, 30_000);

  test("live orders need mode live, --live and the broker's account: --live alone is refused, exit 2", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const child = spawnRun(dir, ["--sim", "--broker", "ibkr", "--live", "--for", "5s"]);
    const code = await child.exited;
    expect(code).toBe(2);
    expect(await new Response(child.stderr).text()).toContain("--live");
  }, 30_000);

  test("a second runner for the same account is refused with the first one's pid and start time", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const first = simSession(testConfig(path.join(dir, "data")));
    await first.started;
    cleanup.push(() => first.stop());
    const child = spawnRun(dir, ["--sim", "--for", "5s", "--symbols", "AAPL"]);
    const code = await child.exited;
    const err = await new Response(child.stderr).text();
    first.stop();
    await first.summary;
    expect(code).toBe(2);
    expect(err).toContain(`pid ${process.pid}`);
    expect(err).toMatch(/started \d{4}-\d{2}-\d{2}T/);
  }, 60_000);
});
