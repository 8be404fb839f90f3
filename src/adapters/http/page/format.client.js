// Formatting for the page. Unknown values (null/undefined) always show as "—", never as 0.
export const DASH = "—";

const known = (v) => v !== null && v !== undefined && v !== "";

const grouped = (n, digits) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A decimal string or number as money: "12,345.60"; sign shown when asked. */
export function money(v, { sign = false } = {}) {
  if (!known(v)) return DASH;
  const n = Number(v);
  if (!Number.isFinite(n)) return DASH;
  const text = grouped(Math.abs(n) < 0.005 ? 0 : n, 2);
  return sign && n > 0.004 ? `+${text}` : text;
}

/** A price: at least 2 decimals, up to 4 when stored that way. */
export function price(v) {
  if (!known(v)) return DASH;
  const n = Number(v);
  if (!Number.isFinite(n)) return DASH;
  const decimals = String(v).split(".")[1]?.length ?? 0;
  return grouped(n, Math.min(4, Math.max(2, decimals)));
}

export function qty(v) {
  if (!known(v)) return DASH;
  const n = Number(v);
  return Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: 4 }) : DASH;
}

export function num(v, digits = 1) {
  if (!known(v) || !Number.isFinite(Number(v))) return DASH;
  return grouped(Number(v), digits);
}

/** "pos" / "neg" / "" for colouring P&L. */
export function signClass(v) {
  if (!known(v)) return "";
  const n = Number(v);
  return n > 0.004 ? "pos" : n < -0.004 ? "neg" : "";
}

const pad = (n) => String(n).padStart(2, "0");

/** Local time "14:03:27" when today, else "2026-11-20 14:03". */
export function time(ms, now = Date.now()) {
  if (!known(ms)) return DASH;
  const d = new Date(ms);
  const today = new Date(now);
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === today.toDateString()) return hms;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Full local date and time. */
export function dateTime(ms) {
  if (!known(ms)) return DASH;
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** New York wall time "Fri 09:30 ET". */
export function newYork(ms) {
  if (!known(ms)) return DASH;
  const f = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${f.format(new Date(ms))} ET`;
}

/** "4 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function duration(ms) {
  if (!known(ms) || !Number.isFinite(ms)) return DASH;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "12 s ago" from a time and now. */
export function ago(ms, now = Date.now()) {
  return known(ms) ? `${duration(now - ms)} ago` : DASH;
}

export function text(v) {
  return known(v) ? String(v) : DASH;
}

/** Milliseconds with the digits that matter: 0.003, 0.020, 7.95, 73.6, 1,204. */
export function ms(v) {
  if (!known(v) || !Number.isFinite(Number(v))) return DASH;
  const n = Number(v);
  const a = Math.abs(n);
  return grouped(n, a < 1 ? 3 : a < 10 ? 2 : a < 100 ? 1 : 0);
}

/** "1 fill", "3 fills". */
export function count(n, one, many = `${one}s`) {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** Money summed exactly (decimal strings to cents); null when any is unknown. */
export function sumMoney(values) {
  let cents = 0;
  for (const v of values) {
    if (!known(v) || !Number.isFinite(Number(v))) return null;
    cents += Math.round(Number(v) * 100);
  }
  return (cents / 100).toFixed(2);
}

/** A position's or fill's account: the masked IB id, or the local paper book (no IB account). */
export function accountLabel(a) {
  return a === "" || a === null || a === undefined || a === "local" ? "local paper" : String(a);
}
