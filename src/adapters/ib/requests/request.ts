import type { IBApi } from "@stoqey/ib";
import type { IbConnection } from "../connection/connection.ts";
import { fail, type IbResult } from "../result.ts";

export interface IbRequestSpec<T> {
  /** What is asked, for messages: "positions", "executions". */
  readonly request: string;
  /** IB's id for it, when the request carries one; errors naming it fail this request. */
  readonly reqId?: number;
  readonly timeoutMs?: number;
  /** Attaches listeners and sends; calls done once; returns a function removing the listeners. */
  readonly run: (api: IBApi, done: (result: IbResult<T>) => void) => () => void;
}

let synthetic = -1000;

/**
 * One request/response exchange with IB as a promise of a result value: not connected, an
 * IB error for its id, a drop and a timeout all come back as failures, never as throws.
 */
export function ibRequest<T>(conn: IbConnection, spec: IbRequestSpec<T>): Promise<IbResult<T>> {
  const api = conn.api;
  if (!api || !conn.isReady) return Promise.resolve(fail({ kind: "disconnected", code: 504, message: "not connected to TWS / IB Gateway", request: spec.request }));
  const id = spec.reqId ?? synthetic--;
  return new Promise((resolve) => {
    let settled = false;
    let off: () => void = () => {};
    const done = (result: IbResult<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.registry.remove(id);
      off();
      resolve(result);
    };
    const timeoutMs = spec.timeoutMs ?? 30_000;
    const timer = setTimeout(() => done(fail({ kind: "timeout", code: 0, message: `no answer within ${timeoutMs} ms`, request: spec.request })), timeoutMs);
    conn.registry.add(id, spec.request, (failure) => done(fail(failure)));
    try {
      off = spec.run(api, done);
    } catch (error) {
      done(fail({ kind: "bad-data", code: 0, message: error instanceof Error ? error.message : String(error), request: spec.request }));
    }
  });
}
