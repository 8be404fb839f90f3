// Shared by the status page tests: a stand-in runner process and JSON-line reading.
import path from "node:path";
import type { Subprocess } from "bun";
import { createLogger } from "../src/log/logger.ts";

export const FIXTURE_RUNNER = path.join(import.meta.dir, "fixtures", "serve-runner.ts");
export const quietLog = () => createLogger({ quiet: true, format: "json", stream: { write: () => true } });

/** Reads a child's stdout as JSON lines; `next(pred)` waits for the first matching event. */
export class JsonLines {
  #events: Record<string, unknown>[] = [];
  #waiters: { pred: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = [];

  constructor(stream: ReadableStream<Uint8Array>) {
    void this.#pump(stream);
  }

  async #pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = "";
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          this.#push(JSON.parse(line));
        } catch {
          // not a JSON line
        }
      }
    }
  }

  #push(event: Record<string, unknown>): void {
    const waiter = this.#waiters.find((w) => w.pred(event));
    if (waiter) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    } else this.#events.push(event);
  }

  next(pred: (e: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    const i = this.#events.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.#events.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for an event from the child")), timeoutMs);
      this.#waiters.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }
}

export interface FixtureRunner {
  readonly proc: Subprocess<"pipe", "pipe", "inherit">;
  readonly events: JsonLines;
  send(line: string): void;
  close(): Promise<void>;
}

/** Starts test/fixtures/serve-runner.ts on `database` and waits until it has written its first state. */
export async function startFixtureRunner(database: string): Promise<FixtureRunner> {
  const proc = Bun.spawn([process.execPath, FIXTURE_RUNNER, database], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const events = new JsonLines(proc.stdout);
  await events.next((e) => e["event"] === "ready");
  return {
    proc,
    events,
    send(line) {
      proc.stdin.write(line + "\n");
      proc.stdin.flush();
    },
    async close() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
