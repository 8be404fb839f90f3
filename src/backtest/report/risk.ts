import type { DataCounts } from "../../core/data-validation/index.ts";
import { esc, num, stamp } from "./format.ts";
import type { BacktestExit, BacktestRefusal } from "../types.ts";

/** What the risk pipeline did in a backtest, for the report. */
export interface RiskReport {
  /** "config [risk] rules (max open positions 10, ...); exits: stop loss 5%, take profit 10%; ..." or "no risk rules (--no-risk); ...". */
  readonly summary: string;
  readonly exits: readonly BacktestExit[];
  readonly refusals: readonly BacktestRefusal[];
  readonly data: DataCounts | null;
  readonly killSwitch: { readonly time: number; readonly reason: string } | null;
}

/** Rows beyond this many are left out (newest kept); --json has them all. */
export const MAX_RISK_ROWS = 500;

/** The risk section: what was applied, the kill switch, rejected data, exits and refusals with reasons. */
export function riskSection(r: RiskReport): string {
  const rejected = r.data ? Object.entries(r.data).filter(([k, n]) => k !== "accepted" && n > 0) : [];
  const lines = [
    `<p>Applied: ${esc(r.summary)}.</p>`,
    r.killSwitch ? `<p class="note">Kill switch on from ${esc(stamp(r.killSwitch.time))}: ${esc(r.killSwitch.reason)}. No new exposure after it.</p>` : "",
    r.data ? `<p>Data validation: ${esc(num(r.data.accepted, 0))} bars accepted${rejected.length > 0 ? `, rejected: ${esc(rejected.map(([k, n]) => `${k} ${n}`).join(", "))}` : ", none rejected"}.</p>` : "",
    `<h3>Protective exits (${esc(num(r.exits.length, 0))})</h3>`,
    table(
      ["Time", "Symbol", "Exit", "Side", "Qty", "Close", "Level", "Outcome"],
      r.exits.slice(-MAX_RISK_ROWS).map((e) => [stamp(e.time), e.symbol, e.reason, e.side, num(e.qty, 0), String(e.close), e.trigger, e.refused ? `refused: ${e.refused.reason}` : "sent"]),
      r.exits.length,
      "No exit fired.",
    ),
    `<h3>Refused orders (${esc(num(r.refusals.length, 0))})</h3>`,
    table(
      ["Time", "Symbol", "Side", "Qty", "Rule", "Reason"],
      r.refusals.slice(-MAX_RISK_ROWS).map((x) => [stamp(x.time), x.symbol, x.side, num(x.qty, 0), x.rule, x.reason]),
      r.refusals.length,
      "No order was refused.",
    ),
  ];
  return lines.join("");
}

function table(head: readonly string[], rows: readonly (readonly string[])[], total: number, none: string): string {
  const note = rows.length < total ? `<p class="note">Showing the last ${rows.length} of ${total}; <code>--json</code> lists them all.</p>` : "";
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("");
  return `${note}<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${body || `<tr><td colspan="${head.length}" class="na">${esc(none)}</td></tr>`}</tbody></table></div>`;
}
