import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { envWithoutRobotrader, MAIN, robotrader } from "./helpers/cli.ts";

// docs/getting-started.md's commands, run as written in a fresh directory, in order (each step
// builds on the last), with `bun src/main.ts` standing for ./robotrader. Two changes keep it lean:
// `run --for 60s` runs 5 s, and `serve` gets a free port and is stopped once it answers.
const TUTORIAL = path.resolve(import.meta.dir, "../docs/getting-started.md");
const dir = mkdtempSync(path.join(tmpdir(), "tutorial-"));
const env = { ...envWithoutRobotrader(), ROBOTRADER_CONFIG: "", NO_COLOR: "1" };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of the page's ```sh blocks. */
function shellLines(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n").map((l) => l.trim()).filter((l) => l !== ""));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function serveAnswers(args: string[]): Promise<string> {
  const port = await freePort();
  const proc = Bun.spawn([process.execPath, MAIN, ...args, "--port", String(port)], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
  try {
    for (let i = 0; i < 600; i++) {
      try {
        const page = await fetch(`http://127.0.0.1:${port}/`);
        if (page.ok) return await page.text();
      } catch {
        // not listening yet
      }
      if (proc.exitCode !== null) throw new Error(`serve exited ${proc.exitCode}: ${await new Response(proc.stderr).text()}`);
      await Bun.sleep(50);
    }
    throw new Error("serve did not answer within 30 s");
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
  }
}

describe("docs/getting-started.md runs as written", async () => {
  const lines = shellLines(await Bun.file(TUTORIAL).text());

  test("the tutorial's commands are the ones this test knows how to run", () => {
    expect(lines[0]).toBe("npm install && npm run build"); // the set-up every test already runs under
    expect(lines.slice(1).every((l) => l.startsWith("./robotrader "))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(8);
  });

  test("every ./robotrader command succeeds, in order, and does what the page says", async () => {
    const outputs: string[] = [];
    for (const line of lines.slice(1)) {
      const args = line.replace(/^\.\/robotrader /, "").split(/\s+/).map((a) => (a === "60s" ? "5s" : a));
      if (args[0] === "serve") {
        expect(await serveAnswers(args)).toContain('id="price-panels"');
        outputs.push("");
        continue;
      }
      const r = await robotrader(args, { cwd: dir, env });
      expect([line, r.code, r.code === 0 ? "" : r.stderr]).toEqual([line, 0, ""]);
      outputs.push(r.stdout);
    }
    const out = (start: string) => outputs[lines.slice(1).findIndex((l) => l.startsWith(start))]!;
    expect(out("./robotrader backtest")).toContain("saved as run 1");
    expect(await Bun.file(path.join(dir, "first-report.html")).text()).toContain('id="candles-0"');
    expect(out("./robotrader backtest list")).toMatch(/^2\s/m);
    expect(await Bun.file(path.join(dir, "wf-report.html")).text()).toContain('id="heatmap"');
    expect(out("./robotrader run --sim")).toMatch(/trades|orders/i);
    expect(out("./robotrader status")).toMatch(/stopped/i);
    expect(existsSync(path.join(dir, "data", "robotrader.db"))).toBe(true);
  }, 240_000);
});
