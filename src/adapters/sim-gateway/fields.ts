/** Reads a request's fields in order; a malformed value becomes a RequestError naming the field. */
export class RequestError extends Error {
  override readonly name = "RequestError";
  constructor(
    message: string,
    readonly code = 321,
    readonly reqId = -1,
  ) {
    super(message);
  }
}

export class FieldCursor {
  readonly #fields: readonly string[];
  #i: number;
  readonly msgName: string;

  constructor(fields: readonly string[], msgName: string, start = 1) {
    this.#fields = fields;
    this.#i = start;
    this.msgName = msgName;
  }

  get index(): number {
    return this.#i;
  }

  get remaining(): number {
    return this.#fields.length - this.#i;
  }

  /** The whole message, for parsers that address fields by index. */
  get fields(): readonly string[] {
    return this.#fields;
  }

  at(index: number): string {
    return this.#fields[index] ?? "";
  }

  seek(index: number): void {
    this.#i = index;
  }

  str(name: string): string {
    const v = this.#fields[this.#i];
    if (v === undefined) throw new RequestError(`${this.msgName}: message ends before field ${this.#i} (${name})`);
    this.#i++;
    return v;
  }

  /** Integer; "" reads as `empty` (default 0). */
  int(name: string, empty = 0): number {
    const raw = this.str(name);
    if (raw === "") return empty;
    if (!/^-?\d+$/.test(raw.trim())) throw new RequestError(`${this.msgName}: field ${this.#i - 1} (${name}) must be an integer, got ${JSON.stringify(raw)}`);
    return Number(raw);
  }

  /** Decimal number; "" and IB's "unset" markers read as undefined. */
  num(name: string): number | undefined {
    const raw = this.str(name).trim();
    if (raw === "" || raw === "1.7976931348623157E308" || raw === "2147483647" || raw === "Infinite") return undefined;
    const n = Number(raw.replaceAll(",", ""));
    if (!Number.isFinite(n)) throw new RequestError(`${this.msgName}: field ${this.#i - 1} (${name}) must be a number, got ${JSON.stringify(raw)}`);
    return n;
  }

  /** "1"/"true" true; ""/"0"/"false" false. */
  bool(name: string): boolean {
    const raw = this.str(name).trim().toLowerCase();
    if (raw === "" || raw === "0" || raw === "false") return false;
    if (raw === "1" || raw === "true") return true;
    throw new RequestError(`${this.msgName}: field ${this.#i - 1} (${name}) must be 0 or 1, got ${JSON.stringify(raw)}`);
  }

  /** The 12-field contract (conId .. tradingClass) every data request carries. */
  contract(): ContractRequest {
    const conId = this.int("conId");
    const symbol = this.str("symbol");
    const secType = this.str("secType");
    const lastTradeDateOrContractMonth = this.str("lastTradeDateOrContractMonth");
    this.str("strike");
    this.str("right");
    this.str("multiplier");
    const exchange = this.str("exchange");
    const primaryExchange = this.str("primaryExchange");
    const currency = this.str("currency");
    const localSymbol = this.str("localSymbol");
    const tradingClass = this.str("tradingClass");
    return { conId, symbol, secType, lastTradeDateOrContractMonth, exchange, primaryExchange, currency, localSymbol, tradingClass };
  }
}

export interface ContractRequest {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: string;
  readonly lastTradeDateOrContractMonth: string;
  readonly exchange: string;
  readonly primaryExchange: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly tradingClass: string;
}
