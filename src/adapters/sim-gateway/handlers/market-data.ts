import { FieldCursor, RequestError } from "../fields.ts";
import { easternDate } from "../market/eastern-time.ts";
import { bidAsk, quoteSize } from "../market/quotes.ts";
import { sessionOpen } from "../market/session-times.ts";
import { marketDataType, tickPrice, tickSize, tickSnapshotEnd, tickString } from "../out/market.ts";
import type { HandlerContext } from "../world.ts";
import { resolveContract, type Resolved } from "./resolve.ts";

const BID_SIZE = 0, BID = 1, ASK = 2, ASK_SIZE = 3, LAST = 4, LAST_SIZE = 5, HIGH = 6, LOW = 7, VOLUME = 8, CLOSE = 9, OPEN = 14, LAST_TIMESTAMP = 45;

interface Quote {
  readonly last: number;
  readonly bid: number;
  readonly ask: number;
  readonly high: number;
  readonly low: number;
  readonly open: number;
  readonly volume: number;
  readonly prevClose: number | undefined;
  readonly seed: number;
}

/** The simulated quote at replayed instant t: last from the intraday path, bid/ask around it. */
function quoteAt({ series }: Resolved, world: HandlerContext["world"], t: number): Quote | undefined {
  const i = series.indexOf(easternDate(t));
  if (i === undefined) return undefined;
  const bar = world.replay.dayBarAt(series, i, t);
  const last = world.replay.priceAt(series.symbol, t);
  if (last === undefined) return undefined;
  const day = series.days[i]!;
  const { bid, ask } = bidAsk(last);
  const prev = i > 0 ? series.days[i - 1]!.close : undefined;
  const step = Math.floor((t - sessionOpen(day.time)) / 5000);
  return { last, bid, ask, high: bar?.high ?? last, low: bar?.low ?? last, open: day.open, volume: bar?.volume ?? 0, prevClose: prev, seed: step + i };
}

/** reqMktData(1): [1, 11, reqId, C12, (BAG legs), deltaNeutral flag(+3), genericTickList, snapshot, regulatorySnapshot, options]. */
export function reqMktData({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const reqId = c.int("reqId");
  const contract = c.contract();
  if (contract.secType.toUpperCase() === "BAG") throw new RequestError("Market data for combos (BAG) is not supported by the simulator", 321, reqId);
  if (c.bool("deltaNeutralContract")) throw new RequestError("Delta-neutral market data is not supported by the simulator", 321, reqId);
  c.str("genericTickList");
  const snapshot = c.bool("snapshot");
  c.bool("regulatorySnapshot");
  const resolved = resolveContract(world, contract, reqId);
  if (session.has(`mkt:${reqId}`)) throw new RequestError(`Duplicate ticker id ${reqId}`, 322, reqId);

  let previous: Quote | undefined;
  const publish = (t: number): boolean => {
    if (world.dataPaused()) return false;
    const q = quoteAt(resolved, world, t);
    if (!q) return false;
    const p = previous;
    const size = (k: number) => quoteSize(q.seed * 31 + k);
    if (!p) {
      session.send(marketDataType(reqId, 1));
      if (q.prevClose !== undefined) session.send(tickPrice(reqId, CLOSE, q.prevClose, 0));
      session.send(tickPrice(reqId, OPEN, q.open, 0));
    }
    // As TWS: a tickPrice carrying the size, then the size again as its own tickSize.
    if (!p || p.bid !== q.bid) {
      session.send(tickPrice(reqId, BID, q.bid, size(1)));
      session.send(tickSize(reqId, BID_SIZE, size(1)));
    }
    if (!p || p.ask !== q.ask) {
      session.send(tickPrice(reqId, ASK, q.ask, size(2)));
      session.send(tickSize(reqId, ASK_SIZE, size(2)));
    }
    if (!p || p.last !== q.last || p.volume !== q.volume) {
      session.send(tickPrice(reqId, LAST, q.last, size(3)));
      session.send(tickSize(reqId, LAST_SIZE, size(3)));
      session.send(tickString(reqId, LAST_TIMESTAMP, String(Math.floor(t / 1000))));
    }
    if (!p || p.high !== q.high) session.send(tickPrice(reqId, HIGH, q.high, 0));
    if (!p || p.low !== q.low) session.send(tickPrice(reqId, LOW, q.low, 0));
    // IB sends stock volume in round lots of 100 before v159 and in shares since; we are >=176.
    if (!p || p.volume !== q.volume) session.send(tickSize(reqId, VOLUME, q.volume));
    previous = q;
    return true;
  };

  if (snapshot) {
    publish(world.replay.now());
    session.send(tickSnapshotEnd(reqId));
    return;
  }
  publish(world.replay.now());
  session.trackStream(`mkt:${reqId}`, { kind: "market-data", symbol: resolved.info.symbol, reqId }, world.ticker.subscribe(publish));
}

/** cancelMktData(2): [2, 2, reqId]. */
export function cancelMktData({ session }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  session.untrack(`mkt:${c.int("reqId")}`);
}
