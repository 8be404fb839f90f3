import { EventName, type IBApi } from "@stoqey/ib";
import { decodeRealtimeBarFrame, type RealtimeBarFields } from "../parse/realtime-bar-frame.ts";
import type { StoqeySocket } from "./wire-guard.ts";

export interface RealtimeBarLane {
  /** The frame body as a real-time bar, or undefined: the library decodes it. */
  decode(data: Buffer, start: number, end: number): RealtimeBarFields | undefined;
  /** Whether the library is between messages and past the handshake, and nobody listens to its generic events. */
  ready(): boolean;
  /** Hands the bar to the api's `realtimeBar` listeners, with the library's arguments. */
  emit(bar: RealtimeBarFields): void;
}

/**
 * The fast lane for real-time bars (docs/performance.md, live): the wire guard, which frames
 * the stream anyway, takes whole REAL_TIME_BARS frames out of it and emits `realtimeBar` on
 * the api itself. It stands aside (the library decodes) before the server's first message,
 * while the library holds text of an unfinished message, and while anything listens to the
 * library's `received`, `result` or `all` events, which the lane does not emit.
 */
export function realtimeBarLane(api: IBApi, sock: StoqeySocket): RealtimeBarLane {
  return {
    decode: decodeRealtimeBarFrame,
    ready: () =>
      sock.neverReceived === false && sock.dataFragment === "" &&
      api.listenerCount(EventName.received) + api.listenerCount(EventName.result) + api.listenerCount(EventName.all) === 0,
    emit: (b) => void api.emit(EventName.realtimeBar, b.reqId, b.time, b.open, b.high, b.low, b.close, b.volume, b.wap, b.count),
  };
}
