import type { RecordedRun } from "../adapters/sqlite/run-inputs-repo.ts";
import type { ReplayReport } from "../app/backtest/replay.ts";
import type { OrderView } from "../backtest/replay/run.ts";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function order(o: OrderView | null): string {
  if (o === null) return "(no order)";
  const prices = `${o.limitPrice !== null ? ` limit ${o.limitPrice}` : ""}${o.stopPrice !== null ? ` stop ${o.stopPrice}` : ""}`;
  return `${o.side} ${o.qty} ${o.symbol} ${o.type}${prices}${o.refused ? ` (refused: ${o.refused})` : ""}  ${o.key}`;
}

/** `replay`'s text: the parity line, or the first divergence with the bars around it. */
export function formatReplay(r: ReplayReport, table: (header: readonly string[], rows: readonly (readonly string[])[]) => string): string {
  const head = [`run ${r.run}: ${r.bars} bars replayed, ${r.orders} orders (${r.sent} sent, ${r.refused} refused)`, ...r.warnings.map((w) => `warning: ${w}`)].join("\n");
  const d = r.firstDivergence;
  if (d === null) return `${head}\nparity: ${r.identical} of ${r.orders} orders identical`;
  const rows = d.bars.map((b) => [iso(b.time), String(b.open), String(b.high), String(b.low), String(b.close), String(b.volume), b.history ? "backfill" : "live"]);
  return [
    head,
    `parity: ${r.identical} of ${r.orders} orders identical; first divergence at order ${d.order}`,
    `  run:     ${order(d.recorded)}`,
    `  replay:  ${order(d.replayed)}`,
    `  differs: ${d.fields.join(", ")}`,
    `  bars of ${(d.recorded ?? d.replayed)!.symbol} around it:`,
    table(["time", "open", "high", "low", "close", "volume", ""], rows).replace(/^/gm, "    "),
  ].join("\n");
}

interface SetupView {
  readonly strategy?: { readonly name?: string };
  readonly symbols?: readonly string[];
  /** The run's TradingSetup, when it was recorded. */
  readonly setup?: { readonly strategies?: readonly { readonly strategy?: string }[] };
}

/** One row per recorded run, as `runs list` prints and --json gives it. */
export function runListRow(r: RecordedRun) {
  const setup = (r.setup ?? {}) as SetupView;
  return {
    id: r.id, start: iso(r.startedAt), end: r.endedAt === null ? null : iso(r.endedAt), mode: r.kind, status: r.status,
    strategies: setup.setup?.strategies?.flatMap((e) => (e.strategy ? [e.strategy] : [])) ?? (setup.strategy?.name ? [setup.strategy.name] : []), symbols: [...(setup.symbols ?? [])], bars: r.bars, orders: r.orders, refused: r.refused,
  };
}

export function formatRunList(runs: readonly RecordedRun[], table: (header: readonly string[], rows: readonly (readonly string[])[]) => string): string {
  if (runs.length === 0) return "no recorded runs yet (every robotrader run records its inputs for replay)";
  const rows = runs.map(runListRow).map((r) => [String(r.id), r.start, r.end ?? "(running)", r.mode, r.strategies.join(","), r.symbols.join(","), String(r.orders), String(r.refused)]);
  return table(["id", "start", "end", "mode", "strategies", "symbols", "orders", "refused"], rows);
}
