// Positions, orders and trades tables. Exact stored values ride along in data-value.
import { byId, el, renderTable, setText } from "./dom.client.js";
import * as f from "./format.client.js";

const stateTag = (s) => el("span", { class: `state ${s}` }, s);

export function renderPositions(rows, now) {
  renderTable(byId("positions"), [
    { id: "symbol", label: "Symbol", cell: (p) => p.symbol },
    { id: "qty", label: "Qty", num: true, cell: (p) => f.qty(p.qty), value: (p) => p.qty },
    { id: "avgCost", label: "Avg cost", num: true, cell: (p) => f.price(p.avgCost), value: (p) => p.avgCost },
    { id: "lastPrice", label: "Last", num: true, cell: (p) => f.price(p.lastPrice), value: (p) => p.lastPrice ?? "", title: "latest known price" },
    { id: "lastPriceTime", label: "as of", cell: (p) => f.time(p.lastPriceAt, now), cls: () => "muted" },
    { id: "marketValue", label: "Value", num: true, cell: (p) => f.money(p.marketValue), value: (p) => p.marketValue ?? "" },
    { id: "unrealizedPnl", label: "Unrealized", num: true, cell: (p) => f.money(p.unrealizedPnl, { sign: true }), value: (p) => p.unrealizedPnl ?? "", cls: (p) => f.signClass(p.unrealizedPnl) },
  ], rows, { empty: "no open positions", key: (p) => `${p.account}:${p.symbol}:${p.qty}:${p.avgCost}` });
  setText("kpi-positions", String(rows.length));
}

const orderColumns = (now) => [
  { id: "time", label: "Updated", cell: (o) => f.time(o.updatedAt, now), cls: () => "muted" },
  { id: "symbol", label: "Symbol", cell: (o) => o.symbol },
  { id: "side", label: "Side", cell: (o) => o.side, cls: (o) => (o.side === "buy" ? "pos" : "neg") },
  { id: "qty", label: "Qty", num: true, cell: (o) => f.qty(o.qty), value: (o) => o.qty },
  { id: "type", label: "Type", cell: (o) => `${o.type}${o.limitPrice ? ` ${f.price(o.limitPrice)}` : ""}${o.stopPrice ? ` stop ${f.price(o.stopPrice)}` : ""}` },
  { id: "state", label: "State", cell: (o) => stateTag(o.state), value: (o) => o.state },
  { id: "filledQty", label: "Filled", num: true, cell: (o) => `${f.qty(o.filledQty)}${o.avgFillPrice ? ` @ ${f.price(o.avgFillPrice)}` : ""}`, value: (o) => o.filledQty },
  { id: "orderRef", label: "Order ref", mono: true, cell: (o) => o.orderRef, cls: () => "muted" },
];

export function renderOrders(data, now) {
  const key = (o) => `${o.orderRef}:${o.state}:${o.filledQty}`;
  renderTable(byId("open-orders"), orderColumns(now), data.open, { empty: "no open orders", key, rowAttrs: (o) => ({ "data-ref": o.orderRef }) });
  renderTable(byId("recent-orders"), orderColumns(now), data.recent, { empty: "no orders yet", key, rowAttrs: (o) => ({ "data-ref": o.orderRef }) });
  renderTable(byId("refused"), [
    { id: "time", label: "Time", cell: (o) => f.time(o.updatedAt, now), cls: () => "muted" },
    { id: "symbol", label: "Symbol", cell: (o) => o.symbol },
    { id: "side", label: "Side", cell: (o) => `${o.side} ${f.qty(o.qty)}` },
    { id: "state", label: "State", cell: (o) => stateTag(o.state) },
    { id: "reason", label: "Reason", wrap: true, cell: (o) => o.lastError ?? "no reason recorded" },
  ], data.refused, { empty: "none", key });
  setText("kpi-orders", String(data.open.length));
}

export const tradeColumns = (now) => [
  { id: "time", label: "Time", cell: (t) => f.time(t.time, now), value: (t) => t.time },
  { id: "symbol", label: "Symbol", cell: (t) => t.symbol },
  { id: "side", label: "Side", cell: (t) => t.side, cls: (t) => (t.side === "buy" ? "pos" : "neg") },
  { id: "qty", label: "Qty", num: true, cell: (t) => f.qty(t.qty), value: (t) => t.qty },
  { id: "price", label: "Price", num: true, cell: (t) => f.price(t.price), value: (t) => t.price },
  { id: "commission", label: "Comm.", num: true, cell: (t) => f.money(t.commission), value: (t) => t.commission ?? "" },
  { id: "realizedPnl", label: "Realized", num: true, cell: (t) => f.money(t.realizedPnl, { sign: true }), value: (t) => t.realizedPnl ?? "", cls: (t) => f.signClass(t.realizedPnl) },
  { id: "execId", label: "Exec id", mono: true, cell: (t) => t.execId, cls: () => "muted" },
];

/** The trades topic: today's fills (New York day) and the newest fills overall. */
export function renderTrades(data, now) {
  const today = data.today;
  const rows = today.length > 0 ? today : data.recent;
  setText("trades-hint", today.length > 0 ? `today (${data.day}, New York): ${today.length}` : `none today (${data.day}); latest ${data.recent.length} shown`);
  renderTable(byId("today-trades"), tradeColumns(now), rows, { empty: "no trades yet", key: (t) => t.execId, rowAttrs: (t) => ({ "data-exec": t.execId }) });
}
