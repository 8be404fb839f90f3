import { EventName, IBApi } from "@stoqey/ib";

/**
 * A real @stoqey/ib client for simulator tests. It records every error/info event; `strictness`
 * lists the decoder complaints (505 unprocessed data, underrun, unknown message) that show a
 * wire-layout mismatch, so each test can assert there were none.
 */
export interface TestClient {
  readonly ib: IBApi;
  readonly errors: { code: number; reqId: number; message: string }[];
  readonly infos: { code: number; message: string }[];
  strictness(): string[];
  /** Resolves with the args of the first matching event, or rejects after timeoutMs. */
  next<T extends unknown[]>(event: EventName, match?: (...args: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Collects events until `done` returns true for one of them. */
  collect<T extends unknown[]>(event: EventName, done: (...args: T) => boolean, timeoutMs?: number): Promise<T[]>;
  close(): Promise<void>;
}

/** IBApi's per-event overloads, loosened for generic waiting helpers. */
interface LooseEmitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

export async function connectClient(port: number, clientId = 1, options: { waitReady?: boolean } = {}): Promise<TestClient> {
  const ib = new IBApi({ host: "127.0.0.1", port, clientId });
  const emitter = ib as unknown as LooseEmitter;
  const errors: TestClient["errors"] = [];
  const infos: TestClient["infos"] = [];
  ib.on(EventName.error, (err: Error, code: number, reqId: number) => errors.push({ code, reqId, message: err.message }));
  ib.on(EventName.info, (message: string, code: number) => infos.push({ code, message }));

  const next: TestClient["next"] = (event, match, timeoutMs = 5000) =>
    new Promise((resolve, reject) => {
      const handler = (...args: unknown[]) => {
        if (match && !match(...(args as never))) return;
        clearTimeout(timer);
        emitter.off(event, handler);
        resolve(args as never);
      };
      const timer = setTimeout(() => {
        emitter.off(event, handler);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}; errors so far: ${JSON.stringify(errors)}`));
      }, timeoutMs);
      emitter.on(event, handler);
    });

  const collect: TestClient["collect"] = (event, done, timeoutMs = 5000) =>
    new Promise((resolve, reject) => {
      const got: never[] = [];
      const handler = (...args: unknown[]) => {
        got.push(args as never);
        if (done(...(args as never))) {
          clearTimeout(timer);
          emitter.off(event, handler);
          resolve(got);
        }
      };
      const timer = setTimeout(() => {
        emitter.off(event, handler);
        reject(new Error(`timed out after ${timeoutMs} ms collecting ${event} (${got.length} so far); errors: ${JSON.stringify(errors)}`));
      }, timeoutMs);
      emitter.on(event, handler);
    });

  const client: TestClient = {
    ib,
    errors,
    infos,
    strictness: () =>
      errors
        .filter((e) => e.code === 505 || e.code === 506 || e.code === 507 || e.code === 508 || /underrun|unprocessed|no parser/i.test(e.message))
        .map((e) => `${e.code}: ${e.message}`),
    next,
    collect,
    async close() {
      if (!ib.isConnected) return;
      const gone = next(EventName.disconnected, undefined, 3000).catch(() => undefined);
      ib.disconnect();
      await gone;
    },
  };
  if (options.waitReady !== false) {
    const ready = next(EventName.nextValidId);
    ib.connect();
    await ready;
  }
  return client;
}
