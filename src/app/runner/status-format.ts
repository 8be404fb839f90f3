import type { Status } from "./status.ts";
import { describeAction } from "../control/requests.ts";
import { notifySummary } from "../notify/notify-state.ts";

type Table = (header: readonly string[], rows: readonly (readonly string[])[]) => string;

const iso = (ms: number | null | undefined) => (ms == null ? "unknown" : new Date(ms).toISOString().replace(".000Z", "Z"));
const ago = (now: number, ms: number | null | undefined) => (ms == null ? "unknown" : `${Math.max(0, Math.round((now - ms) / 1000))} s ago`);
const num = (x: number | null | undefined, digits = 2) => (x == null ? "-" : x.toFixed(digits));
const indent = (text: string) => text.split("\n").map((l) => `  ${l}`).join("\n");

/** The plain-text form of `robotrader status`. Unknown values say "unknown"; nothing is filled in. */
export function formatStatus(s: Status, table: Table): string {
  const out: string[] = [];
  const r = s.runner;
  const info = r.info;
  const details = info ? ` [mode ${info.mode}, broker ${info.broker}, strategy ${info.strategy}, ${info.symbols.length} symbols, started ${iso(info.startedAt)}]` : "";
  out.push(`Runner:       ${r.state} - ${r.why}${details}`);
  const ks = s.killSwitch;
  out.push(`Kill switch:  ${ks.at === null ? "off (never set)" : `${ks.on ? "ON - new orders blocked" : "off"} since ${iso(ks.at)} by ${ks.by ?? "unknown"}${ks.reason ? ` (${ks.reason})` : ""}`}`);
  const cb = s.circuitBreaker;
  out.push(`Circuit:      ${cb ? `${cb.status}, ${cb.failures} consecutive failures${cb.lastFailure ? `, last: ${cb.lastFailure}` : ""} (as of ${iso(cb.updatedAt)})` : "unknown"}`);
  const rec = s.reconciliation;
  out.push(
    `Reconcile:    ${
      rec
        ? `${!rec.ok ? "FAILED (broker not asked)" : rec.problems.length ? `${rec.problems.length} problem(s)` : "ok"} at ${iso(rec.at)}${rec.trigger ? ` (${rec.trigger})` : ""}${rec.blockedSymbols.length ? `; blocked: ${rec.blockedSymbols.join(", ")}` : ""}` +
          rec.problems.map((p) => `\n              - ${p.symbol ?? "-"} ${p.kind}: ${p.message}`).join("")
        : "unknown (not run yet)"
    }`,
  );
  const paused = s.control.paused;
  out.push(`Entries:      ${paused?.paused ? `PAUSED since ${iso(paused.at)} by ${paused.by}${paused.reason ? ` (${paused.reason})` : ""}; exits and manual orders still go` : "allowed"}`);
  for (const r of s.control.requests.slice(0, 3)) out.push(`              ${iso(r.createdAt)} ${describeAction(r.action)} by ${r.by}: ${r.state}${r.message ? ` - ${r.message}` : ""}`);
  out.push(`Notify:       ${notifySummary(s.notify).replace(/^notifications: /, "")}`);
  const c = s.connection;
  if (!("host" in c)) out.push("Connection:   unknown");
  else {
    const farms = c.farms.length ? c.farms.map((f) => `${f.farm} ${f.state}`).join(", ") : "unknown";
    out.push(
      `Connection:   ${c.state} ${c.host}:${c.port} client ${c.clientId ?? "unknown"}, heartbeat ${ago(s.time, c.lastHeartbeatAt)}, reconnects ${c.reconnects}, farms: ${farms}` +
        (c.lastError ? `, last error: ${c.lastError}` : "") +
        (c.current ? "" : ` (last known, ${iso(c.updatedAt)}; no runner is running)`),
    );
  }
  out.push("", `Positions (${s.positions.length}):`);
  if (s.positions.length) {
    const rows = s.positions.map((p) => [p.symbol, String(p.qty), p.avgCost, p.lastPrice === null ? "unknown" : String(p.lastPrice), p.unrealizedPnl ?? "unknown"]);
    out.push(indent(table(["symbol", "qty", "avg cost", "last", "unrealized"], rows)));
  }
  out.push("", `Orders, open and today's (${s.orders.length}):`);
  if (s.orders.length) {
    const rows = s.orders.map((o) => [o.orderRef, o.symbol, o.side, String(o.qty), o.state, String(o.filledQty), o.avgFillPrice ?? "-"]);
    out.push(indent(table(["order ref", "symbol", "side", "qty", "state", "filled", "avg price"], rows)));
  }
  out.push("", `Trades today (${s.pnl.day}, New York): ${s.trades.length}`);
  if (s.trades.length) {
    const rows = s.trades.map((t) => [iso(t.time), t.symbol, t.side, String(t.qty), t.price, t.commission, t.realizedPnl ?? "-"]);
    out.push(indent(table(["time", "symbol", "side", "qty", "price", "commission", "realized"], rows)));
  }
  const p = s.pnl;
  out.push(
    `P&L today:    realized ${p.realized}${p.fillsWithoutPnl ? ` (${p.fillsWithoutPnl} ${p.fillsWithoutPnl === 1 ? "fill" : "fills"} with unknown P&L not counted)` : ""}, commissions ${p.commissions}, unrealized ${p.unrealized ?? "unknown (no price for every position)"}${p.otherAccountPositions ? ` (+${p.otherAccountPositions} ${p.otherAccountPositions === 1 ? "position" : "positions"} in another account not counted)` : ""}`,
  );
  out.push("", ...formatMetrics(s, table));
  if (s.alerts.length) {
    out.push("", "Recent alerts:");
    for (const a of s.alerts.slice(0, 10)) out.push(`  ${iso(a.time)} ${a.level.padEnd(5)} ${a.kind}: ${a.message}`);
  }
  if (s.unreadable.length) out.push("", `Unreadable state rows (written by another version?): ${s.unreadable.join(", ")}`);
  return out.join("\n");
}

function formatMetrics(s: Status, table: Table): string[] {
  const m = s.metrics;
  if (m.time === null) return ["Metrics:      none recorded yet"];
  const out = [`Metrics (snapshot ${ago(s.time, m.time)}; latency in ms since the runner started):`];
  const lat = Object.entries(m.latency).map(([n, l]) => [n, String(l.total.count), num(l.total.p50), num(l.total.p90), num(l.total.p99), num(l.total.max)]);
  if (lat.length) out.push(indent(table(["latency", "count", "p50", "p90", "p99", "max"], lat)));
  for (const [n, t] of Object.entries(m.throughput)) out.push(`  ${n}: ${t.perSecond}/s over the last 10 s, ${t.perMinute} in the last minute, ${t.total} in all`);
  for (const [n, c] of Object.entries(m.counters)) {
    const by = Object.entries(c.by).map(([k, v]) => `${k} ${v}`).join(", ");
    out.push(`  ${n}: ${c.total}${by ? ` (${by})` : ""}`);
  }
  return out;
}
