import { describe, expect, test } from "bun:test";
import { EventName } from "@stoqey/ib";
import path from "node:path";
import { FAULT_NAMES } from "../src/adapters/sim-gateway/faults.ts";
import { settleCloseWait } from "./helpers/sockets.ts";
import { connectClient } from "./helpers/stoqey-client.ts";

const root = path.resolve(import.meta.dir, "..");

async function readJson(stream: ReadableStream<Uint8Array>): Promise<Record<string, unknown>> {
  const reader = stream.getReader();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stdout ended before a JSON document: ${text}`);
    text += new TextDecoder().decode(value);
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      reader.releaseLock();
      return parsed;
    } catch {
      // not complete yet
    }
  }
}

describe("robotrader sim-gateway (CLI)", () => {
  test("starts on a free port, prints it with --json, serves a client, and on SIGTERM closes every socket and exits 0", async () => {
    const proc = Bun.spawn([process.execPath, "src/main.ts", "sim-gateway", "--port", "0", "--json", "--speed", "60", "--fault", "slow-handshake=0", "--log-format", "json"], {
      cwd: root,
      stdout: "pipe",
      stderr: "pipe",
    });
    const info = await readJson(proc.stdout);
    const port = Number(info.port);
    expect(port).toBeGreaterThan(0);
    expect(info.account).toBe("DU12****");
    expect(info.speed).toBe(60);

    const client = await connectClient(port, 1);
    const time = client.next(EventName.currentTime);
    client.ib.reqCurrentTime();
    await time;
    const gone = client.next(EventName.disconnected);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    await gone;
    expect(await settleCloseWait(port)).toEqual([]);
    const stderr = await new Response(proc.stderr).text();
    expect(stderr).toContain("SIGTERM received");
    expect(stderr).toContain("account DU12****");
    expect(stderr).not.toContain("DU1234567");
  });

  test("the account is masked in the text log too, even one too short for the log's own account-id pattern", async () => {
    const proc = Bun.spawn([process.execPath, "src/main.ts", "sim-gateway", "--port", "0", "--account", "U1234"], { cwd: root, stdout: "pipe", stderr: "pipe" });
    const reader = proc.stderr.getReader();
    let stderr = "";
    while (!stderr.includes("Ctrl-C to stop")) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += new TextDecoder().decode(value);
    }
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(stderr).toContain("account U123****");
    expect(stderr).not.toContain("U1234");
  });

  test("--help lists every fault the simulator knows, partial-fills=N included", async () => {
    const proc = Bun.spawn([process.execPath, "src/main.ts", "sim-gateway", "--help"], { cwd: root, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1", COLUMNS: "400" } });
    const out = ((await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text())).replace(/\s+/g, " ");
    expect(await proc.exited).toBe(0);
    expect(out).toContain("partial-fills=N");
    for (const name of FAULT_NAMES) expect(out).toContain(name);
  });

  test("an unknown fault is a usage error (exit 2) that names the valid ones", async () => {
    const proc = Bun.spawn([process.execPath, "src/main.ts", "sim-gateway", "--port", "0", "--fault", "meteor-strike"], { cwd: root, stdout: "pipe", stderr: "pipe" });
    expect(await proc.exited).toBe(2);
    const stderr = await new Response(proc.stderr).text();
    expect(stderr).toContain("unknown fault 'meteor-strike'");
    expect(stderr).toContain("silent-handshake");
  });

  test("a port already taken is a usage error (exit 2) said once, naming the address", async () => {
    const taken = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    try {
      const proc = Bun.spawn([process.execPath, "src/main.ts", "sim-gateway", "--port", String(taken.port), "--log-format", "json"], { cwd: root, stdout: "pipe", stderr: "pipe" });
      expect(await proc.exited).toBe(2);
      const stderr = await new Response(proc.stderr).text();
      expect(stderr).toContain(`cannot listen on 127.0.0.1:${taken.port}`);
      expect(stderr.match(/EADDRINUSE/g)?.length).toBe(1);
    } finally {
      taken.stop(true);
    }
  });
});
