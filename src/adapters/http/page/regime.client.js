// The Regime & Models panel and the performance panel (docs/regime.md, docs/analytics.md).
import { byId, renderFacts, renderTable } from "./dom.client.js";
import * as f from "./format.client.js";

const NO_DATA = "no data yet";
const day = (ms) => (typeof ms === "number" ? new Date(ms).toISOString().slice(0, 10) : f.DASH);
// Intraday bars: the minute matters; daily bars: the date.
const at = (ms, barSize) => (typeof ms !== "number" ? f.DASH : barSize === "1d" || barSize === "1w" ? day(ms) : new Date(ms).toISOString().slice(0, 16).replace("T", " "));
const pct = (v, digits = 1) => (typeof v === "number" && Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : f.DASH);

function since(r) {
  if (!r || r.label === null) return f.DASH;
  return `since ${at(r.since, r.barSize)} (bars to ${at(r.asOf, r.barSize)}${r.source === "embedded" ? ", embedded data" : r.source === "runner" ? ", the runner's bars" : ""})`;
}

export function renderRegime(d) {
  const m = d?.market ?? null;
  renderFacts(byId("regime-market"), [
    ["Market (HMM, filtered)", m?.hmm?.label ?? f.DASH, undefined, "hmm"],
    ["Probability", pct(m?.hmm?.probability ?? null), undefined, "probability"],
    ["Since", since(m?.hmm), undefined, "since"],
    ["Market (rules)", m?.rules?.label ?? f.DASH, undefined, "rules"],
    ["Since", since(m?.rules), undefined, "rules-since"],
  ]);
  renderTable(byId("regime-symbols"), [
    { id: "symbol", label: "Symbol", cell: (r) => r.symbol },
    { id: "bar", label: "Bars", cell: (r) => r.barSize },
    { id: "regime", label: "Regime (rules)", cell: (r) => r.label ?? f.DASH },
    { id: "since", label: "Since", cell: (r) => (r.label === null ? f.DASH : at(r.since, r.barSize)) },
    { id: "source", label: "From", cell: (r) => (r.source === "runner" ? "runner" : "stored bars") },
  ], d?.symbols ?? [], { empty: d ? "no stored bars" : NO_DATA, key: (r) => `${r.symbol}:${r.barSize}` });
  renderTable(byId("regime-models"), [
    { id: "model", label: "Model", mono: true, clip: true, cell: (r) => r.id },
    { id: "kind", label: "Kind", cell: (r) => r.kind },
    { id: "active", label: "Active", cell: (r) => (r.promoted ? "yes" : f.DASH) },
    { id: "auc", label: "AUC (out of sample)", num: true, cell: (r) => f.num(r.auc, 3) },
    { id: "hit", label: "Live hit rate", num: true, cell: (r) => (r.hitRate === null || r.hitRate === undefined ? f.DASH : `${pct(r.hitRate)} of ${r.scored}`) },
    { id: "last", label: "Last predictions (p up)", cell: (r) => (r.lastPredictions?.length ? r.lastPredictions.map((p) => `${p.symbol} ${p.p.toFixed(2)}`).join(", ") : f.DASH) },
  ], d?.models ?? [], { empty: d ? "no trained model: strategies trade without one (—)" : NO_DATA, key: (r) => r.id });
}

export function renderPerformance(d) {
  const e = d?.equity ?? null;
  renderFacts(byId("performance-facts"), [
    ["Return (this run)", e ? pct(e.totalReturn, 2) : f.DASH, e ? f.signClass(e.totalReturn) : undefined, "return"],
    ["Max drawdown", e ? pct(-e.maxDrawdown, 2) : f.DASH, e && e.maxDrawdown > 0 ? "neg" : undefined, "drawdown"],
    ["Snapshots", e ? `${e.snapshots} (${day(e.from)} – ${day(e.to)})` : f.DASH, undefined, "snapshots"],
    ["Closing fills", d ? String(d.closingFills) : f.DASH, undefined, "fills"],
  ]);
  const columns = (label) => [
    { id: "key", label, cell: (r) => r.key },
    { id: "n", label: "Fills", num: true, cell: (r) => String(r.trades) },
    { id: "pnl", label: "Realized P&L", num: true, cell: (r) => f.money(r.pnl, { sign: true }), cls: (r) => f.signClass(r.pnl) },
    { id: "win", label: "Win rate", num: true, cell: (r) => pct(r.winRate, 0) },
  ];
  renderTable(byId("performance-symbols"), columns("Symbol"), d?.bySymbol ?? [], { empty: d ? "no closing fills yet" : NO_DATA, key: (r) => r.key });
  renderTable(byId("performance-strategies"), columns("Strategy"), d?.byStrategy ?? [], { empty: d ? "no closing fills yet" : NO_DATA, key: (r) => r.key });
}
