import * as v from "valibot";
import { maskSecret } from "../../../log/mask.ts";
import type { Db } from "../db.ts";

export interface TradeView {
  readonly id: number;
  readonly execId: string;
  readonly orderRef: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly price: string;
  readonly commission: string | null;
  readonly realizedPnl: string | null;
  readonly time: number;
  readonly account: string | null;
}

export interface TradeQuery {
  /** Case-insensitive text in the symbol, order ref or execution id. */
  readonly q?: string;
  readonly symbol?: string;
  /** Inclusive, epoch ms. */
  readonly from?: number;
  /** Exclusive, epoch ms. */
  readonly to?: number;
  readonly limit: number;
}

export const MAX_TRADES = 1000;

type Raw = {
  id: number; exec_id: string; order_ref: string | null; symbol: string; side: string; qty: number; price: string;
  commission: string | null; realized_pnl: string | null; time: number; account: string | null;
};

/** Fills matching the query, newest first, plus how many match in all. */
export function readTrades(db: Db, query: TradeQuery): { trades: TradeView[]; total: number } {
  const where = `WHERE ($symbol IS NULL OR symbol = $symbol) AND ($from IS NULL OR time >= $from) AND ($to IS NULL OR time < $to)
    AND ($q IS NULL OR instr(lower(symbol || ' ' || coalesce(order_ref, '') || ' ' || exec_id), $q) > 0)`;
  const params = {
    symbol: query.symbol?.toUpperCase() ?? null, from: query.from ?? null, to: query.to ?? null,
    q: query.q === undefined || query.q.trim() === "" ? null : query.q.trim().toLowerCase(),
  };
  const rows = db.query(`SELECT * FROM fills ${where} ORDER BY time DESC, id DESC LIMIT $limit`).all({ ...params, limit: query.limit }) as Raw[];
  const total = (db.query(`SELECT count(*) AS n FROM fills ${where}`).get(params) as { n: number }).n;
  return {
    total,
    trades: rows.map((r) => ({
      id: r.id, execId: r.exec_id, orderRef: r.order_ref, symbol: r.symbol, side: r.side, qty: r.qty, price: r.price,
      commission: r.commission, realizedPnl: r.realized_pnl, time: r.time,
      account: r.account === null || r.account === "" ? r.account : maskSecret(r.account),
    })),
  };
}

const ISO_OR_MS = /^(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{10,16})$/;

function timeParam(name: string) {
  return v.pipe(
    v.string(),
    v.regex(ISO_OR_MS, `${name}: expected a date (2026-11-20), an ISO time (2026-11-20T14:30Z) or epoch ms`),
    v.transform((s) => (/^\d+$/.test(s) ? Number(s) : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s))),
    v.check((n) => Number.isFinite(n), `${name}: not a valid time`),
  );
}

const TradeParamsSchema = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(100, "q: at most 100 characters"))),
  symbol: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9.]{0,9}$/, "symbol: expected a ticker like AAPL"))),
  from: v.optional(timeParam("from")),
  to: v.optional(timeParam("to")),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,5}$/, "limit: expected a whole number"), v.transform(Number), v.minValue(1, "limit: at least 1"), v.maxValue(MAX_TRADES, `limit: at most ${MAX_TRADES}`)),
    "100",
  ),
});

/** ?q=&symbol=&from=&to=&limit= -> TradeQuery, or the first problem as a message. Dates without a time are UTC midnight. */
export function parseTradeQuery(params: URLSearchParams): { ok: true; query: TradeQuery } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const key of ["q", "symbol", "from", "to", "limit"]) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  const parsed = v.safeParse(TradeParamsSchema, raw);
  if (!parsed.success) return { ok: false, message: parsed.issues[0].message };
  const o = parsed.output;
  const query: TradeQuery = {
    limit: typeof o.limit === "number" ? o.limit : Number(o.limit),
    ...(o.q !== undefined ? { q: o.q } : {}),
    ...(o.symbol !== undefined ? { symbol: o.symbol } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to } : {}),
  };
  return { ok: true, query };
}
