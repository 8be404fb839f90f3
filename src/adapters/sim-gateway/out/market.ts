import type { Bar } from "../../../core/bar.ts";
import type { Fields } from "./basic.ts";
import { OUT } from "./ids.ts";

export interface WireBar extends Bar {
  readonly date: string;
  readonly wap: number;
  readonly count: number;
}

/** historicalData(17) at >=124: no version, no hasGaps; start and end strings before the count. */
export function historicalData(reqId: number, start: string, end: string, bars: readonly WireBar[]): Fields {
  const out: (string | number)[] = [OUT.HISTORICAL_DATA, reqId, start, end, bars.length];
  for (const b of bars) out.push(b.date, b.open, b.high, b.low, b.close, b.volume, b.wap, b.count);
  return out;
}

/** historicalDataUpdate(90): note IB's order open, CLOSE, HIGH, LOW, then WAP before volume. */
export function historicalDataUpdate(reqId: number, b: WireBar): Fields {
  return [OUT.HISTORICAL_DATA_UPDATE, reqId, b.count, b.date, b.open, b.close, b.high, b.low, b.wap, b.volume];
}

/** realtimeBar(50): [50, 3, reqId, time, open, high, low, close, volume, WAP, count]. */
export function realtimeBar(reqId: number, epochSeconds: number, b: Bar, wap: number, count: number): Fields {
  return [OUT.REAL_TIME_BARS, 3, reqId, epochSeconds, b.open, b.high, b.low, b.close, b.volume, wap, count];
}

/** tickPrice(1): exactly 7 fields [1, 6, reqId, tickType, price, size, attrMask]. */
export function tickPrice(reqId: number, tickType: number, price: number, size: number, attrMask = 0): Fields {
  return [OUT.TICK_PRICE, 6, reqId, tickType, price, size, attrMask];
}

/** tickSize(2): [2, 6, reqId, tickType, size]. */
export function tickSize(reqId: number, tickType: number, size: number): Fields {
  return [OUT.TICK_SIZE, 6, reqId, tickType, size];
}

export function tickString(reqId: number, tickType: number, value: string): Fields {
  return [OUT.TICK_STRING, 6, reqId, tickType, value];
}

export function marketDataType(reqId: number, type: number): Fields {
  return [OUT.MARKET_DATA_TYPE, 1, reqId, type];
}

export function tickSnapshotEnd(reqId: number): Fields {
  return [OUT.TICK_SNAPSHOT_END, 1, reqId];
}
