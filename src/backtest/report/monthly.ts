import { esc, MISSING, pct } from "./format.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface MonthlyReturns {
  /** year -> 12 monthly returns (null: no bar in that month) and the year's return. */
  readonly years: ReadonlyMap<number, { readonly months: readonly (number | null)[]; readonly year: number }>;
}

/**
 * Month-by-month returns of an equity series (UTC calendar months; daily bars are dated at 00:00
 * UTC of the trading day): last equity of the month / last equity of the month before - 1, the
 * first month measured from the starting capital. A year's return chains the same way.
 */
export function monthlyReturns(times: ArrayLike<number>, values: ArrayLike<number>, base: number): MonthlyReturns {
  const years = new Map<number, { months: (number | null)[]; year: number }>();
  let prevMonthEnd = base;
  let prevYearEnd = base;
  for (let i = 0; i < values.length; i++) {
    const d = new Date(times[i]!);
    const next = i + 1 < values.length ? new Date(times[i + 1]!) : undefined;
    const y = d.getUTCFullYear();
    const mo = d.getUTCMonth();
    const lastOfMonth = !next || next.getUTCFullYear() !== y || next.getUTCMonth() !== mo;
    if (!lastOfMonth) continue;
    const row = years.get(y) ?? { months: Array<number | null>(12).fill(null), year: 0 };
    years.set(y, row);
    row.months[mo] = values[i]! / prevMonthEnd - 1;
    prevMonthEnd = values[i]!;
    if (!next || next.getUTCFullYear() !== y) {
      row.year = values[i]! / prevYearEnd - 1;
      prevYearEnd = values[i]!;
    }
  }
  return { years };
}

/** Year x month table, each cell shaded green (gain) or red (loss) by size, full strength at 10%. */
export function monthlyTable(returns: MonthlyReturns): string {
  if (returns.years.size === 0) return `<p class="empty">No data.</p>`;
  const head = `<tr><th></th>${MONTHS.map((m) => `<th>${m}</th>`).join("")}<th>Year</th></tr>`;
  const rows = [...returns.years]
    .map(([year, row]) => {
      const cells = row.months.map((r, k) => shaded(r, `${year}-${String(k + 1).padStart(2, "0")}`)).join("");
      return `<tr><th scope="row">${year}</th>${cells}${shaded(row.year, String(year), "year")}</tr>`;
    })
    .join("");
  return `<table class="monthly" id="monthly"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

function shaded(r: number | null, key: string, cls = ""): string {
  if (r === null) return `<td class="na ${cls}" data-month="${esc(key)}">${MISSING}</td>`;
  const strength = Math.min(1, Math.abs(r) / 0.1);
  const alpha = (0.08 + 0.62 * strength).toFixed(2);
  const bg = r >= 0 ? `rgba(22,163,74,${alpha})` : `rgba(220,38,38,${alpha})`;
  const ink = strength > 0.6 ? ";color:#fff" : "";
  return `<td class="${cls}" data-month="${esc(key)}" data-value="${r}" style="background:${bg}${ink}">${esc(pct(r, 1))}</td>`;
}
