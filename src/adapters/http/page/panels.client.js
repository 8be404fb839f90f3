// Equity (KPIs and curve), signals, alerts and backtest runs.
import { lineChart } from "./chart.client.js";
import { byId, el, renderTable, setText } from "./dom.client.js";
import * as f from "./format.client.js";

function kpi(id, value, sign) {
  const node = byId(id);
  node.textContent = sign ? f.money(value, { sign: true }) : f.money(value);
  node.className = `value ${sign ? f.signClass(value) : ""}`;
  node.dataset.value = value ?? "";
}

export function renderEquity(e) {
  setText("equity-hint", e.count ? `${e.count} snapshots` : "");
  lineChart(byId("equity-chart"), {
    series: [{ name: "equity", points: e.points.map((p) => [p.time, Number(p.equity)]) }],
    format: (v, d) => f.num(v, Math.min(2, d)),
    empty: "no equity snapshots yet (the runner has not written one)",
    area: true,
  });
}

/**
 * The P&L strip from three topics: equity and cash from the newest equity snapshot;
 * unrealized from the positions at their last prices (the snapshot's when that is unknown);
 * realized from the snapshot, with today's fills' realized P&L below it.
 */
export function renderKpis({ equity, status, trades, positions }, now) {
  const l = equity && !equity.unavailable ? equity.latest : null;
  kpi("kpi-equity", l?.equity ?? null, false);
  kpi("kpi-cash", l?.cash ?? null, false);
  kpi("kpi-realized", l?.realized ?? null, true);
  setText("kpi-equity-time", l ? `as of ${f.time(l.time, now)}` : "no equity snapshot yet");
  const live = status?.pnl?.unrealized ?? null;
  kpi("kpi-unrealized", live ?? l?.unrealized ?? null, true);
  const list = Array.isArray(positions) ? positions : [];
  const unknown = list.filter((p) => p.unrealizedPnl === null).map((p) => p.symbol);
  setText("kpi-unrealized-sub", unknown.length ? `price unknown: ${unknown.join(", ")}` : live !== null && list.length ? "positions at last prices" : l ? "from the equity snapshot" : "");
  const today = trades && !trades.unavailable ? trades.realizedToday : null;
  setText("kpi-realized-today", trades && !trades.unavailable ? `today: ${today === null ? f.DASH : f.money(today, { sign: true })}` : "");
}

const signalValue = (v) => {
  if (v === null || v === undefined) return f.DASH;
  if (typeof v !== "object") return String(v);
  return Object.entries(v).map(([k, x]) => `${k}=${typeof x === "number" ? f.num(x, Math.abs(x) < 10 ? 3 : 2) : String(x)}`).join(" ");
};

export function renderSignals(rows, now) {
  renderTable(byId("signals"), [
    { id: "symbol", label: "Symbol", cell: (s) => s.symbol },
    { id: "kind", label: "Signal", cell: (s) => s.kind, cls: (s) => (/buy|long|enter/i.test(s.kind) ? "pos" : /sell|short|exit/i.test(s.kind) ? "neg" : "") },
    { id: "value", label: "Value", wrap: true, cell: (s) => signalValue(s.value), cls: () => "muted" },
    { id: "strategy", label: "Strategy", cell: (s) => s.strategy },
    { id: "time", label: "Time", cell: (s) => f.time(s.time, now) },
  ], rows, { empty: "no signals yet", key: (s) => `${s.symbol}:${s.strategy}:${s.time}` });
}

export function renderAlerts(rows, now) {
  renderTable(byId("alerts"), [
    { id: "time", label: "Time", cell: (a) => f.time(a.time, now), cls: () => "muted" },
    { id: "level", label: "Level", cell: (a) => a.level, cls: (a) => `level-${a.level}` },
    { id: "kind", label: "Kind", cell: (a) => a.kind },
    { id: "message", label: "Message", wrap: true, cell: (a) => a.message },
  ], rows, { empty: "no alerts", key: (a) => a.id });
}

const pct = (v) => (typeof v === "number" && Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : f.DASH);
const drawdown = (r) => {
  const d = stat(r, "maxDrawdown");
  return d && typeof d === "object" && typeof d.depth === "number" ? -d.depth : null;
};
const stat = (r, k) => (r.stats && typeof r.stats === "object" ? r.stats[k] : undefined);

export function renderRuns(rows, now) {
  const backtests = rows.filter((r) => r.kind === "backtest");
  renderTable(byId("runs"), [
    { id: "id", label: "#", num: true, cell: (r) => String(r.id) },
    { id: "when", label: "Finished", cell: (r) => f.time(r.endedAt ?? r.startedAt, now) },
    { id: "what", label: "Strategy / symbols", wrap: true, cell: (r) => describe(r.params) },
    { id: "return", label: "Return", num: true, cell: (r) => pct(stat(r, "totalReturn")), cls: (r) => f.signClass(stat(r, "totalReturn")) },
    { id: "sharpe", label: "Sharpe", num: true, cell: (r) => f.num(stat(r, "sharpe"), 2) },
    { id: "maxdd", label: "Max DD", num: true, cell: (r) => pct(drawdown(r)), cls: () => "neg" },
    { id: "trades", label: "Trades", num: true, cell: (r) => f.text(stat(r, "trades")) },
    { id: "report", label: "Report", cell: (r) => (r.report?.exists ? el("a", { href: `/api/runs/${r.id}/report`, target: "_blank", rel: "noopener" }, "open") : r.report ? "file gone" : f.DASH) },
  ], backtests, { empty: "no backtest runs saved", key: (r) => r.id });
}

function describe(params) {
  if (!params || typeof params !== "object") return f.DASH;
  const strategy = params.strategy ?? "?";
  const symbols = Array.isArray(params.symbols) ? params.symbols.join(", ") : params.symbol ?? "";
  return `${strategy}${symbols ? ` · ${symbols}` : ""}`;
}
