const OPTIONS = { minimumFractionDigits: 2, maximumFractionDigits: 2 } as const;

/**
 * x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }), written out
 * without ICU: its first number format costs ~3.5 ms and ~2 MB at start-up. ICU formats the
 * shortest decimal that reads back as x (what String(x) gives), rounded half away from zero to
 * cents, with a comma every three digits and a minus on any negative value (-0 and -0.001 too).
 * NaN and infinities still go to ICU. _usd.test.ts checks it against toLocaleString.
 */
export function usdText(x: number): string {
  if (!Number.isFinite(x)) return x.toLocaleString("en-US", OPTIONS);
  const text = String(Math.abs(x));
  const e = text.indexOf("e");
  const mantissa = e < 0 ? text : text.slice(0, e);
  const dot = mantissa.indexOf(".");
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot);
  let digits = intPart + (dot < 0 ? "" : mantissa.slice(dot + 1));
  // Digits before the decimal point.
  let point = intPart.length + (e < 0 ? 0 : Number(text.slice(e + 1)));
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (digits.length < point + 3) digits = digits.padEnd(point + 3, "0");
  let cents = digits.slice(0, point + 2);
  if (digits.charCodeAt(point + 2) >= 53 /* "5" */) cents = increment(cents);
  const whole = cents.slice(0, -2).replace(/^0+(?=\d)/, "") || "0";
  return `${x < 0 || Object.is(x, -0) ? "-" : ""}${grouped(whole)}.${cents.slice(-2)}`;
}

/** A string of decimal digits plus one. */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === "9") i--;
  if (i < 0) return "1" + "0".repeat(digits.length);
  return digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + "0".repeat(digits.length - 1 - i);
}

function grouped(whole: string): string {
  const head = whole.length % 3 || 3;
  let out = whole.slice(0, head);
  for (let i = head; i < whole.length; i += 3) out += "," + whole.slice(i, i + 3);
  return out;
}
