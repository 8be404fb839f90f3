// Positions, orders and trades tables. Exact stored values ride along in data-value.
import { byId, el, renderTable, setText } from "./dom.client.js";
import * as f from "./format.client.js";

const stateTag = (s) => el("span", { class: `state ${s}` }, s);

/**
 * The runner's account as positions name it: "" for a local paper book, the masked IB id
 * otherwise; undefined when no runner ever said (then no account is singled out).
 */
export function runnerAccount(status) {
  const r = status && !status.unavailable ? status.runner : null;
  if (!r || r.state === "never") return undefined;
  if (r.broker === "paper") return "";
  return status.account ?? undefined;
}

/** Positions, the runner's account first; with more than one account an Account column says whose. */
export function renderPositions(rows, now, status) {
  const current = runnerAccount(status);
  const list = [...(rows ?? [])].sort((a, b) => rank(a, current) - rank(b, current) || cmp(a.account, b.account) || cmp(a.symbol, b.symbol));
  const several = new Set(list.map((p) => p.account ?? "")).size > 1;
  renderTable(byId("positions"), [
    { id: "symbol", label: "Symbol", cell: (p) => p.symbol },
    ...(several ? [{ id: "account", label: "Account", cell: (p) => f.accountLabel(p.account), cls: (p) => ((p.account ?? "") === current ? "" : "muted") }] : []),
    { id: "qty", label: "Qty", num: true, cell: (p) => f.qty(p.qty), value: (p) => p.qty },
    { id: "avgCost", label: "Avg cost", num: true, cell: (p) => f.price(p.avgCost), value: (p) => p.avgCost },
    { id: "lastPrice", label: "Last", num: true, cell: (p) => f.price(p.lastPrice), value: (p) => p.lastPrice ?? "", title: "latest known price" },
    { id: "lastPriceTime", label: "as of", cell: (p) => f.time(p.lastPriceAt, now), cls: () => "muted" },
    { id: "marketValue", label: "Value", num: true, cell: (p) => f.money(p.marketValue), value: (p) => p.marketValue ?? "" },
    { id: "unrealizedPnl", label: "Unrealized", num: true, cell: (p) => f.money(p.unrealizedPnl, { sign: true }), value: (p) => p.unrealizedPnl ?? "", cls: (p) => f.signClass(p.unrealizedPnl) },
  ], list, { empty: rows ? "no open positions" : "no data yet", key: (p) => `${p.account}:${p.symbol}:${p.qty}:${p.avgCost}` });
}

/** One row per strategy: what it holds, its P&L (realized - commissions + unrealized) and its orders today. */
export function renderStrategies(rows) {
  const list = [...(rows ?? [])].sort((a, b) => cmp(a.strategy, b.strategy));
  renderTable(byId("strategies"), [
    { id: "strategy", label: "Strategy", cell: (s) => s.strategy },
    { id: "positions", label: "Holds", wrap: true, cell: (s) => s.positions.map((p) => `${p.symbol} ${f.qty(p.qty)}`).join(", ") || "flat" },
    { id: "realized", label: "Realized", num: true, cell: (s) => f.money(s.realized, { sign: true }), value: (s) => s.realized, cls: (s) => f.signClass(s.realized) },
    { id: "unrealized", label: "Unrealized", num: true, cell: (s) => f.money(s.unrealized, { sign: true }), value: (s) => s.unrealized ?? "", cls: (s) => f.signClass(s.unrealized) },
    { id: "pnl", label: "Net P&L", num: true, cell: (s) => f.money(s.pnl, { sign: true }), value: (s) => s.pnl ?? "", cls: (s) => f.signClass(s.pnl), title: "realized - commissions + unrealized" },
    { id: "orders", label: "Orders today", num: true, cell: (s) => `${s.ordersToday}${s.openOrders ? ` (${s.openOrders} open)` : ""}${s.refusedToday ? `, ${s.refusedToday} refused` : ""}`, value: (s) => s.ordersToday },
  ], list, { empty: rows ? "no strategy has traded yet" : "no data yet", key: (s) => `${s.strategy}:${s.pnl}:${s.ordersToday}` });
}

const cmp = (a, b) => String(a ?? "").localeCompare(String(b ?? ""));
const rank = (p, current) => (current !== undefined && (p.account ?? "") === current ? 0 : 1);

const orderColumns = (now) => [
  { id: "time", label: "Updated", cell: (o) => f.time(o.updatedAt, now), cls: () => "muted" },
  { id: "symbol", label: "Symbol", cell: (o) => o.symbol },
  { id: "side", label: "Side", cell: (o) => o.side, cls: (o) => (o.side === "buy" ? "pos" : "neg") },
  { id: "qty", label: "Qty", num: true, cell: (o) => f.qty(o.qty), value: (o) => o.qty },
  { id: "type", label: "Type", cell: (o) => `${o.type}${o.limitPrice ? ` ${f.price(o.limitPrice)}` : ""}${o.stopPrice ? ` stop ${f.price(o.stopPrice)}` : ""}` },
  { id: "state", label: "State", cell: (o) => stateTag(o.state), value: (o) => o.state },
  { id: "filledQty", label: "Filled", num: true, cell: (o) => `${f.qty(o.filledQty)}${o.avgFillPrice ? ` @ ${f.price(o.avgFillPrice)}` : ""}`, value: (o) => o.filledQty },
  { id: "orderRef", label: "Order ref", mono: true, clip: true, cell: (o) => o.orderRef, cls: () => "muted" },
];

const refusedColumns = (now) => [
  { id: "time", label: "Time", cell: (o) => f.time(o.updatedAt, now), cls: () => "muted" },
  { id: "symbol", label: "Symbol", cell: (o) => o.symbol },
  { id: "side", label: "Side", cell: (o) => `${o.side} ${f.qty(o.qty)}` },
  { id: "state", label: "State", cell: (o) => stateTag(o.state) },
  { id: "reason", label: "Reason", wrap: true, cell: (o) => o.lastError ?? "no reason recorded" },
];

export function renderOrders(data, now) {
  const key = (o) => `${o.orderRef}:${o.state}:${o.filledQty}`;
  if (!data) {
    for (const id of ["open-orders", "recent-orders"]) renderTable(byId(id), orderColumns(now), [], { empty: "no data yet" });
    renderTable(byId("refused"), refusedColumns(now), [], { empty: "no data yet" });
    return;
  }
  renderTable(byId("open-orders"), orderColumns(now), data.open, { empty: "no open orders", key, rowAttrs: (o) => ({ "data-ref": o.orderRef }) });
  renderTable(byId("recent-orders"), orderColumns(now), data.recent, { empty: "no orders yet", key, rowAttrs: (o) => ({ "data-ref": o.orderRef }) });
  renderTable(byId("refused"), refusedColumns(now), data.refused, { empty: "none", key });
}

export const tradeColumns = (now) => [
  { id: "time", label: "Time", cell: (t) => f.time(t.time, now), value: (t) => t.time },
  { id: "symbol", label: "Symbol", cell: (t) => t.symbol },
  { id: "side", label: "Side", cell: (t) => t.side, cls: (t) => (t.side === "buy" ? "pos" : "neg") },
  { id: "qty", label: "Qty", num: true, cell: (t) => f.qty(t.qty), value: (t) => t.qty },
  { id: "price", label: "Price", num: true, cell: (t) => f.price(t.price), value: (t) => t.price },
  { id: "commission", label: "Comm.", num: true, cell: (t) => f.money(t.commission), value: (t) => t.commission ?? "" },
  { id: "realizedPnl", label: "Realized", num: true, cell: (t) => f.money(t.realizedPnl, { sign: true }), value: (t) => t.realizedPnl ?? "", cls: (t) => f.signClass(t.realizedPnl) },
  { id: "execId", label: "Exec id", mono: true, clip: true, cell: (t) => t.execId, cls: () => "muted" },
];

/** The trades topic: today's fills (New York day) and the newest fills overall. */
export function renderTrades(data, now) {
  if (!data) {
    setText("trades-hint", "");
    renderTable(byId("today-trades"), tradeColumns(now), [], { empty: "no data yet" });
    return;
  }
  const today = data.today;
  const rows = today.length > 0 ? today : data.recent;
  const todayCount = data.todayCount ?? today.length;
  setText("trades-hint", today.length > 0 ? `today (${data.day}, New York): ${todayCount}${todayCount > today.length ? `, the newest ${today.length} shown` : ""}` : data.recent.length > 0 ? `none today (${data.day}); the latest ${data.recent.length} shown` : "");
  renderTable(byId("today-trades"), tradeColumns(now), rows, { empty: "no trades yet", key: (t) => t.execId, rowAttrs: (t) => ({ "data-exec": t.execId }) });
}
