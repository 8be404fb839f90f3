// Equity (KPIs and curve), signals, alerts and backtest runs. A null topic is unknown (no database).
import { lineChart } from "./chart.client.js";
import { byId, el, renderTable, setText } from "./dom.client.js";
import * as f from "./format.client.js";
import { runnerAccount } from "./tables.client.js";

const NO_DATA = "no data yet";

function kpi(id, value, sign) {
  const node = byId(id);
  node.textContent = sign ? f.money(value, { sign: true }) : f.money(value);
  node.className = `value ${sign ? f.signClass(value) : ""}`;
  node.dataset.value = value ?? "";
}

export function renderEquity(e) {
  setText("equity-hint", e?.count ? f.count(e.count, "snapshot") : "");
  lineChart(byId("equity-chart"), {
    series: [{ name: "equity", points: (e?.points ?? []).map((p) => [p.time, Number(p.equity)]) }],
    format: (v, d) => f.num(v, Math.min(2, d)),
    empty: e ? "no equity snapshots yet (the runner has not written one)" : NO_DATA,
    area: true,
  });
}

const known = (topic) => topic !== undefined && topic !== null && !topic.unavailable;

/**
 * The P&L strip from four topics: equity and cash from the newest equity snapshot;
 * unrealized and the position count from the positions at their last prices (the
 * snapshot's when unknown); realized from the snapshot, with today's fills below it. When
 * the store holds positions of several accounts, the strip counts the runner's only.
 */
export function renderKpis({ equity, status, trades, positions, orders }, now) {
  const l = known(equity) ? equity.latest : null;
  kpi("kpi-equity", l?.equity ?? null, false);
  kpi("kpi-cash", l?.cash ?? null, false);
  kpi("kpi-realized", l?.realized ?? null, true);
  setText("kpi-equity-time", !known(equity) ? "" : l ? `as of ${f.time(l.time, now)}` : "no equity snapshot yet");

  const list = known(positions) ? positions : null;
  const current = runnerAccount(status);
  const several = list !== null && new Set(list.map((p) => p.account ?? "")).size > 1;
  const mine = list === null ? null : several && current !== undefined ? list.filter((p) => (p.account ?? "") === current) : list;
  const live = mine === null ? null : several ? f.sumMoney(mine.map((p) => p.unrealizedPnl)) : (status?.pnl?.unrealized ?? null);
  kpi("kpi-unrealized", live ?? l?.unrealized ?? null, true);
  const unknown = (mine ?? []).filter((p) => p.unrealizedPnl === null).map((p) => p.symbol);
  setText("kpi-unrealized-sub", unknown.length ? `price unknown: ${unknown.join(", ")}` : live !== null && mine.length ? (several ? `account ${f.accountLabel(current)}, at last prices` : "positions at last prices") : l ? "from the equity snapshot" : "");
  setText("kpi-positions", mine === null ? f.DASH : String(mine.length));
  const others = list === null ? [] : list.filter((p) => !mine.includes(p));
  const otherAccounts = new Set(others.map((p) => p.account ?? "")).size;
  setText("kpi-positions-sub", others.length ? `+${others.length} in ${otherAccounts > 1 ? "other accounts" : "another account"}` : "");
  setText("kpi-orders", known(orders) ? String(orders.open.length) : f.DASH);

  const today = known(trades) ? trades.realizedToday : null;
  // The big figure is the snapshot's (since its run began); below it, today's fills in every run.
  setText("kpi-realized-today", known(trades) ? `${l ? "this run · " : ""}today: ${today === null ? f.DASH : f.money(today, { sign: true })}` : "");
}

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** "buy 5 @ 190.00", "stop-loss 10 @ 95.20". */
function signalOrder(s) {
  const v = s.value && typeof s.value === "object" ? s.value : {};
  const qty = num(v.qty);
  const close = num(v.close);
  return `${s.kind}${qty !== null ? ` ${f.qty(qty)}` : ""}${close !== null ? ` @ ${f.price(close)}` : ""}`;
}

/** Indicator values (sma_10 189.91 · sma_30 188.50), an exit's trigger, or any other fields. */
function signalDetail(s) {
  const v = s.value;
  if (v === null || v === undefined) return f.DASH;
  if (typeof v !== "object") return String(v);
  if (v.indicators && typeof v.indicators === "object") {
    const parts = Object.entries(v.indicators).map(([k, x]) => `${k} ${typeof x === "number" ? f.num(x, 2) : f.DASH}`);
    // Lines break between indicators, never inside one.
    if (parts.length) return el("span", {}, ...parts.flatMap((p, i) => [...(i ? [" · "] : []), el("span", { class: "part" }, p)]));
  }
  if (num(v.trigger) !== null) return `trigger ${f.price(v.trigger)}`;
  const skip = new Set(["barTime", "close", "qty", "held", "type", "orderRef", "refused", "indicators", "trigger"]);
  const rest = Object.entries(v).filter(([k]) => !skip.has(k)).map(([k, x]) => `${k} ${typeof x === "number" ? f.num(x, 2) : typeof x === "object" ? JSON.stringify(x) : String(x)}`);
  return rest.length ? rest.join(" · ") : f.DASH;
}

function signalOutcome(s) {
  const v = s.value && typeof s.value === "object" ? s.value : {};
  if (v.orderRef) return "order sent";
  if (v.refused) return `refused: ${v.refused.reason ?? v.refused.rule ?? "no reason recorded"}`;
  return f.DASH;
}

export function renderSignals(rows, now) {
  renderTable(byId("signals"), [
    { id: "symbol", label: "Symbol", cell: (s) => s.symbol, tip: (s) => s.strategy },
    {
      id: "kind", label: "Signal → outcome", wrap: true, value: (s) => s.kind,
      cell: (s) => el("span", {}, el("span", { class: `order ${signalClass(s.kind)}` }, signalOrder(s)), el("br"), el("span", { class: `outcome ${s.value?.refused ? "warn-text" : "muted"}` }, signalOutcome(s))),
      tip: (s) => [num(s.value?.barTime) !== null ? `bar ${f.newYork(s.value.barTime)}` : null, s.value?.orderRef ?? null].filter(Boolean).join(" · ") || undefined,
    },
    { id: "detail", label: "Indicators", wrap: true, cell: signalDetail, cls: () => "muted" },
    { id: "time", label: "Time", cell: (s) => f.time(s.time, now) },
  ], rows ?? [], { empty: rows ? "no signals yet" : NO_DATA, key: (s) => `${s.symbol}:${s.strategy}:${s.time}` });
}

const signalClass = (kind) => (/buy|long|enter|take-profit/i.test(kind) ? "pos" : /sell|short|exit|stop/i.test(kind) ? "neg" : "");

export function renderAlerts(rows, now) {
  renderTable(byId("alerts"), [
    { id: "time", label: "Time", cell: (a) => f.time(a.time, now), cls: () => "muted" },
    { id: "level", label: "Level", cell: (a) => a.level, cls: (a) => `level-${a.level}` },
    { id: "kind", label: "Kind", cell: (a) => a.kind },
    { id: "message", label: "Message", wrap: true, cell: (a) => a.message },
  ], rows ?? [], { empty: rows ? "no alerts" : NO_DATA, key: (a) => a.id });
}

const pct = (v) => (typeof v === "number" && Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : f.DASH);
const drawdown = (r) => {
  const d = stat(r, "maxDrawdown");
  return d && typeof d === "object" && typeof d.depth === "number" ? -d.depth : null;
};
const stat = (r, k) => (r.stats && typeof r.stats === "object" ? r.stats[k] : undefined);

export function renderRuns(rows, now) {
  const backtests = (rows ?? []).filter((r) => r.kind === "backtest");
  renderTable(byId("runs"), [
    { id: "id", label: "#", num: true, cell: (r) => String(r.id) },
    { id: "when", label: "Finished", cell: (r) => f.time(r.endedAt ?? r.startedAt, now) },
    { id: "what", label: "Strategy · period", wrap: true, cell: (r) => describe(r) },
    { id: "return", label: "Return", num: true, cell: (r) => pct(stat(r, "totalReturn")), cls: (r) => f.signClass(stat(r, "totalReturn")) },
    { id: "sharpe", label: "Sharpe", num: true, cell: (r) => f.num(stat(r, "sharpe"), 2) },
    { id: "maxdd", label: "Max DD", num: true, cell: (r) => pct(drawdown(r)), cls: () => "neg" },
    { id: "trades", label: "Trades", num: true, cell: (r) => f.text(stat(r, "trades")), tip: () => "closed trades" },
    { id: "report", label: "Report", cell: (r) => (r.report?.exists ? el("a", { href: `/api/runs/${r.id}/report`, target: "_blank", rel: "noopener" }, "open") : r.report ? "file gone" : f.DASH) },
  ], backtests, { empty: rows ? "no backtest runs saved" : NO_DATA, key: (r) => r.id });
}

const day = (v) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);

/** "sma-cross · SPX" and below it "1d · 2000-01-03 – 2020-04-17". */
function describe(r) {
  const params = r.params;
  if (!params || typeof params !== "object") return f.DASH;
  const strategy = typeof params.strategy === "object" ? (params.strategy?.name ?? "?") : (params.strategy ?? "?");
  const symbols = Array.isArray(params.symbols) ? params.symbols.join(", ") : (params.symbol ?? "");
  const [from, to] = [day(stat(r, "start")), day(stat(r, "end"))];
  const period = [params.barSize, from && to ? `${from} – ${to}` : null].filter(Boolean).join(" · ");
  return el("span", {}, `${strategy}${symbols ? ` · ${symbols}` : ""}`, ...(period ? [el("br"), el("span", { class: "muted" }, period)] : []));
}
