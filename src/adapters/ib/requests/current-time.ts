import { EventName } from "@stoqey/ib";
import type { IbConnection } from "../connection/connection.ts";
import { ibRequest } from "./request.ts";
import { ok, type IbResult } from "../result.ts";

/**
 * IB's clock (reqCurrentTime), epoch seconds. IB answers requests on one socket in order, so
 * the answer also means everything sent before it has been read.
 */
export function requestCurrentTime(conn: IbConnection, timeoutMs?: number): Promise<IbResult<number>> {
  return ibRequest<number>(conn, {
    request: "current time",
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    run(api, done) {
      const on = (t: number) => done(ok(t));
      api.on(EventName.currentTime, on);
      api.reqCurrentTime();
      return () => api.off(EventName.currentTime, on);
    },
  });
}
