import type { ConfigKey } from "./keys.ts";

export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN: Readonly<Record<string, boolean>> = { true: true, false: false, yes: true, no: false, on: true, off: false, "1": true, "0": false };

/**
 * Reads a value given as text (env var, string flag) for a key. Numbers are strict: "4002"
 * yes, "40o2", "0x10", "" or "4002abc" no. Booleans: true/false (also yes/no, on/off, 1/0).
 * Lists are comma-separated: "AAPL, MSFT".
 * Range and format checks are left to the schema, so every source gets the same messages.
 */
export function coerceText(key: ConfigKey, raw: string): Coerced {
  const text = raw.trim();
  switch (key.kind) {
    case "integer":
      return INTEGER.test(text) ? { ok: true, value: Number(text) } : { ok: false };
    case "number":
      return DECIMAL.test(text) ? { ok: true, value: Number(text) } : { ok: false };
    case "boolean": {
      const value = BOOLEAN[text.toLowerCase()];
      return value === undefined ? { ok: false } : { ok: true, value };
    }
    case "list":
      return { ok: true, value: text.split(",").map((s) => s.trim()).filter((s) => s.length > 0) };
    case "table": {
      // From an environment variable: a JSON object, e.g. {"period": 14}.
      try {
        const value: unknown = JSON.parse(text);
        return typeof value === "object" && value !== null && !Array.isArray(value) ? { ok: true, value } : { ok: false };
      } catch {
        return { ok: false };
      }
    }
    case "choice":
    case "string":
      return { ok: true, value: text };
  }
}
