// Latency percentiles and throughput: charts over recent snapshots plus the latest totals. Null is unknown (no database).
import { lineChart } from "./chart.client.js";
import { byId, renderFacts, renderTable } from "./dom.client.js";
import * as f from "./format.client.js";

const LATENCY_LABEL = { "data-to-signal": "data → signal", "signal-to-order": "signal → order", "order-to-ack": "order → ack", "db-write": "DB write" };
// Orders are a few a minute and bars many a second: each is charted in the unit it is read in.
const PER_MINUTE = new Set(["orders"]);

export function renderMetrics(m, now, running) {
  const latest = m?.latest ?? null;
  const rows = Object.entries(latest?.latency ?? {}).map(([name, v]) => ({ name, ...v.total }));
  renderTable(byId("latency"), [
    { id: "name", label: "Since start", cell: (r) => LATENCY_LABEL[r.name] ?? r.name },
    { id: "count", label: "n", num: true, cell: (r) => f.qty(r.count), value: (r) => r.count },
    { id: "p50", label: "p50", num: true, cell: (r) => f.ms(r.p50), value: (r) => r.p50 ?? "" },
    { id: "p90", label: "p90", num: true, cell: (r) => f.ms(r.p90), value: (r) => r.p90 ?? "" },
    { id: "p99", label: "p99", num: true, cell: (r) => f.ms(r.p99), value: (r) => r.p99 ?? "" },
    { id: "max", label: "max", num: true, cell: (r) => f.ms(r.max), value: (r) => r.max ?? "" },
  ], rows, { empty: m ? "no metrics snapshot yet" : "no data yet", rowAttrs: (r) => ({ "data-metric": r.name }) });

  const p99 = Object.entries(m?.latency ?? {}).filter(([, pts]) => pts.length > 0).map(([name, pts]) => ({ name: LATENCY_LABEL[name] ?? name, points: pts.map((p) => [p.time, p.p99]) }));
  lineChart(byId("latency-chart"), { series: p99, format: (v, d) => f.num(v, d), empty: m ? "no latency measured yet" : "no data yet" });

  const tp = Object.entries(m?.throughput ?? {}).filter(([, pts]) => pts.length > 0).map(([name, pts]) => {
    const k = PER_MINUTE.has(name) ? 60 : 1;
    return { name: `${name}/${k === 60 ? "min" : "s"}`, points: pts.map((p) => [p.time, p.perSecond === null ? null : p.perSecond * k]) };
  });
  lineChart(byId("throughput-chart"), { series: tp, format: (v, d) => f.num(v, d), empty: m ? "no throughput measured yet" : "no data yet" });

  const counters = latest?.counters ?? {};
  const by = (c) => (c && Object.keys(c.by).length ? ` (${Object.entries(c.by).map(([k, v]) => `${k} ${v}`).join(", ")})` : "");
  const tput = latest?.throughput ?? {};
  // Rates are of the snapshot's moment: once the runner stopped they are the last known, not now.
  const asOf = running ? "" : " (last known)";
  renderFacts(byId("counters"), [
    ["snapshot", latest ? `${f.time(latest.time, now)} (${f.ago(latest.time, now)})` : m ? "none yet" : f.DASH, latest ? "" : "muted", "time"],
    ["bars", tput.bars ? `${f.qty(tput.bars.total)} total, ${f.num(tput.bars.perSecond, 1)}/s${asOf}` : f.DASH, "", "bars"],
    ["orders", tput.orders ? `${f.qty(tput.orders.total)} total, ${f.qty(tput.orders.perMinute)}/min${asOf}` : f.DASH, "", "orders"],
    ["rejected data", counters["rejected-data"] ? `${counters["rejected-data"].total}${by(counters["rejected-data"])}` : f.DASH, "", "rejected-data"],
    ["refused orders", counters["refused-orders"] ? `${counters["refused-orders"].total}${by(counters["refused-orders"])}` : f.DASH, "", "refused-orders"],
    ["reconnects", counters.reconnects ? `${counters.reconnects.total}${by(counters.reconnects)}` : f.DASH, "", "reconnects"],
  ]);
}
