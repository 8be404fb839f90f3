/** Faults the simulator injects on demand (constructor options, CLI --fault, or setFault at run time). */
export const FAULT_NAMES = [
  "silent-handshake",
  "slow-handshake",
  "client-id-in-use",
  "drop-after",
  "connectivity-lost",
  "farm-down",
  "pacing-strict",
  "unresponsive",
  "partial-fills",
  "hang-with-order",
  "drop-order-messages",
  "restart",
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/**
 * silent-handshake: accept TCP, never answer the API handshake.
 * slow-handshake: seconds before the server-version reply.
 * client-id-in-use: every startApi gets 326 and is closed.
 * drop-after: seconds after connect at which each socket is closed abruptly.
 * connectivity-lost: "1101" or "1102" (true = "1102"): send 1100 now, that code after a delay.
 * farm-down: 2103/2105 notices; historical requests fail with 162, market data sends nothing.
 * pacing-strict: a client breaking the message rate (error 100) is also disconnected.
 * unresponsive: the API goes quiet on every connection (requests read and ignored, nothing
 *   sent) while TCP stays open: the hung-gateway case a heartbeat must detect.
 * partial-fills: at most this many shares of an order fill per replayed 5-second step, so a
 *   large order fills in parts (execDetails + commissionReport per part).
 * hang-with-order: the connection a placeOrder arrives on goes quiet (requests read and
 *   ignored, nothing sent) with that order held unprocessed; clearing the fault places the
 *   held orders after all, under their original client id, even if their socket is gone
 *   (a frame that reached the gateway late).
 * drop-order-messages: each live openOrder/orderStatus/execDetails/commissionReport is lost
 *   with this probability (0..1; seeded, so a run repeats), on connections that stay up.
 *   Answers to reqAllOpenOrders/reqCompletedOrders/reqExecutions are never dropped.
 * restart: the gateway restarts now: every connection dropped, the account (cash,
 *   positions, orders, executions, order ids) kept; execution ids stay unique.
 */
export interface FaultSettings {
  "silent-handshake": boolean;
  "slow-handshake": number;
  "client-id-in-use": boolean;
  "drop-after": number;
  "connectivity-lost": string | boolean;
  "farm-down": boolean;
  "pacing-strict": boolean;
  unresponsive: boolean;
  "partial-fills": number;
  "hang-with-order": boolean;
  "drop-order-messages": number;
  restart: boolean;
}

/** How each fault is written on the command line (a Record, so a new fault cannot be left out). */
const FAULT_FORMS: Record<FaultName, string> = {
  "silent-handshake": "silent-handshake",
  "slow-handshake": "slow-handshake=S",
  "client-id-in-use": "client-id-in-use",
  "drop-after": "drop-after=S",
  "connectivity-lost": "connectivity-lost[=1101|1102]",
  "farm-down": "farm-down",
  "pacing-strict": "pacing-strict",
  unresponsive: "unresponsive",
  "partial-fills": "partial-fills=N",
  "hang-with-order": "hang-with-order",
  "drop-order-messages": "drop-order-messages=P",
  restart: "restart",
};

/** Every fault in its command-line form, for --fault's help. */
export function faultForms(): string {
  return FAULT_NAMES.map((n) => FAULT_FORMS[n]).join(", ");
}

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/** Checks a value against what the fault takes; returns the normalized value or a message. */
export function normalizeFault(name: FaultName, value: number | boolean | string): { ok: true; value: number | boolean | string } | { ok: false; message: string } {
  switch (name) {
    case "slow-handshake":
    case "drop-after": {
      const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
      if (!Number.isFinite(n) || n < 0) return { ok: false, message: `fault ${name} needs a number of seconds >= 0, got ${JSON.stringify(value)}` };
      return { ok: true, value: n };
    }
    case "partial-fills": {
      const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
      if (!Number.isInteger(n) || n < 1) return { ok: false, message: `fault partial-fills needs a whole number of shares >= 1, got ${JSON.stringify(value)}` };
      return { ok: true, value: n };
    }
    case "drop-order-messages": {
      const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
      if (!Number.isFinite(n) || n < 0 || n > 1) return { ok: false, message: `fault drop-order-messages needs a probability 0..1, got ${JSON.stringify(value)}` };
      return { ok: true, value: n === 0 ? false : n };
    }
    case "connectivity-lost": {
      const v = value === true || value === "" ? "1102" : String(value);
      if (v !== "1101" && v !== "1102") return { ok: false, message: `fault connectivity-lost takes 1101 or 1102, got ${JSON.stringify(value)}` };
      return { ok: true, value: v };
    }
    default: {
      if (typeof value === "boolean") return { ok: true, value };
      if (value === "" || value === "true" || value === "1" || value === 1) return { ok: true, value: true };
      if (value === "false" || value === "0" || value === 0) return { ok: true, value: false };
      return { ok: false, message: `fault ${name} is on/off, got ${JSON.stringify(value)}` };
    }
  }
}

/** Parses CLI form "NAME" or "NAME=VALUE". */
export function parseFaultArg(text: string): { ok: true; name: FaultName; value: number | boolean | string } | { ok: false; message: string } {
  const eq = text.indexOf("=");
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (!isFaultName(name)) return { ok: false, message: `unknown fault '${name}'; expected one of ${FAULT_NAMES.join(", ")}` };
  const raw = eq < 0 ? true : text.slice(eq + 1).trim();
  if (eq < 0 && (name === "slow-handshake" || name === "drop-after" || name === "drop-order-messages")) {
    return { ok: false, message: name === "drop-order-messages" ? "fault drop-order-messages needs a probability, e.g. --fault drop-order-messages=0.3" : `fault ${name} needs a value in seconds, e.g. --fault ${name}=3` };
  }
  const n = normalizeFault(name, raw);
  return n.ok ? { ok: true, name, value: n.value } : n;
}

export class Faults {
  readonly #values = new Map<FaultName, number | boolean | string>();
  readonly #listeners: ((name: FaultName, value: number | boolean | string | undefined) => void)[] = [];

  get(name: FaultName): number | boolean | string | undefined {
    return this.#values.get(name);
  }

  set(name: FaultName, value: number | boolean | string): void {
    const n = normalizeFault(name, value);
    if (!n.ok) throw new RangeError(`sim-gateway: ${n.message}`);
    if (n.value === false) return this.clear(name);
    this.#values.set(name, n.value);
    for (const l of this.#listeners) l(name, n.value);
  }

  clear(name: FaultName): void {
    if (!this.#values.delete(name)) return;
    for (const l of this.#listeners) l(name, undefined);
  }

  onChange(listener: (name: FaultName, value: number | boolean | string | undefined) => void): void {
    this.#listeners.push(listener);
  }

  active(): Record<string, number | boolean | string> {
    return Object.fromEntries(this.#values);
  }
}
