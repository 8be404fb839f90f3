import type { Bar } from "../../core/bar.ts";
import type { BrokerEvent, Refusal } from "../../core/events.ts";
import type { OrderIntent } from "../../core/order.ts";
import type { BarFillingBroker, Broker, BrokerListener, Store } from "../../engine/ports.ts";
import type { RunInput, RunInputSink } from "../../engine/run-inputs.ts";
import type { Logger } from "../../log/logger.ts";

const BAR = 0;
const EVENT = 1;
const INTENT = 2;
const REFUSAL = 3;
const DATA = 4;
/** Numbers kept per entry: slot, time, open, high, low, close, volume. */
const WIDTH = 7;

export interface RunRecorderOptions {
  /** Writes one batch (seq firstSeq, firstSeq + 1, ...); adapters/sqlite appendRunInputs. */
  readonly write: (firstSeq: number, inputs: readonly RunInput[]) => void;
  /** How often buffered inputs are written (default 250 ms: small batches keep each write short); `close` writes the rest. */
  readonly flushMs?: number;
  readonly log: Logger;
}

/**
 * Records what the engine consumes (docs/replay.md) off the hot path: a bar is copied into
 * preallocated typed columns (no allocation, no I/O), events keep their (immutable) objects,
 * and a timer writes the buffer in one transaction per interval, never one per bar.
 */
export class RunRecorder implements RunInputSink {
  readonly #o: RunRecorderOptions;
  #kinds = new Uint8Array(1024);
  #flags = new Uint8Array(1024);
  #nums = new Float64Array(1024 * WIDTH);
  #refs: unknown[] = [];
  #n = 0;
  #seq = 0;
  #inBar = false;
  #failed = false;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(options: RunRecorderOptions) {
    this.#o = options;
    this.#timer = setInterval(() => this.flush(), options.flushMs ?? 250);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Entries written or waiting. */
  get count(): number {
    return this.#seq + this.#n;
  }

  bar(slot: number, bar: Bar, history: boolean): void {
    this.#bar(this.#next(BAR, history ? 1 : 0, undefined), slot, bar);
    this.#inBar = true;
  }

  data(symbol: string, bar: Bar): void {
    this.#bar(this.#next(DATA, 0, symbol), -1, bar);
  }

  #bar(i: number, slot: number, bar: Bar): void {
    const nums = this.#nums;
    const k = i * WIDTH;
    nums[k] = slot;
    nums[k + 1] = bar.time;
    nums[k + 2] = bar.open;
    nums[k + 3] = bar.high;
    nums[k + 4] = bar.low;
    nums[k + 5] = bar.close;
    nums[k + 6] = bar.volume;
  }

  barDone(): void {
    this.#inBar = false;
  }

  event(event: BrokerEvent): void {
    this.#next(EVENT, this.#inBar ? 1 : 0, event);
  }

  intent(intent: OrderIntent): void {
    this.#next(INTENT, 0, intent);
  }

  refusal(intent: OrderIntent, refusal: Refusal): void {
    this.#next(REFUSAL, 0, { intent, refusal });
  }

  /**
   * Writes what is buffered. A failed write is logged (once per run of failures) and its
   * batch dropped: the seqs it held stay unused, so a replay sees the gap and refuses.
   * The run trades on either way.
   */
  flush(): void {
    const n = this.#n;
    if (n === 0) return;
    const inputs: RunInput[] = new Array(n);
    for (let i = 0; i < n; i++) inputs[i] = this.#entry(i);
    this.#n = 0;
    this.#refs = [];
    const first = this.#seq;
    this.#seq += n;
    try {
      this.#o.write(first, inputs);
      this.#failed = false;
    } catch (error) {
      if (!this.#failed) this.#o.log.warn(`replay recording: writing inputs ${first}..${first + n - 1} failed: ${(error as Error).message}; this run cannot be replayed exactly`);
      this.#failed = true;
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }

  #next(kind: number, flag: number, ref: unknown): number {
    const i = this.#n++;
    if (i === this.#kinds.length) this.#grow();
    this.#kinds[i] = kind;
    this.#flags[i] = flag;
    if (ref !== undefined) this.#refs[i] = ref;
    return i;
  }

  #grow(): void {
    const size = this.#kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.#kinds);
    const flags = new Uint8Array(size);
    flags.set(this.#flags);
    const nums = new Float64Array(size * WIDTH);
    nums.set(this.#nums);
    this.#kinds = kinds;
    this.#flags = flags;
    this.#nums = nums;
  }

  #entry(i: number): RunInput {
    const flag = this.#flags[i] === 1;
    const k = i * WIDTH;
    const x = this.#nums;
    const bar = () => ({ time: x[k + 1]!, open: x[k + 2]!, high: x[k + 3]!, low: x[k + 4]!, close: x[k + 5]!, volume: x[k + 6]! });
    switch (this.#kinds[i]) {
      case BAR:
        return { kind: "bar", slot: x[k]!, history: flag, bar: bar() };
      case DATA:
        return { kind: "data", symbol: this.#refs[i] as string, bar: bar() };
      case EVENT:
        return { kind: "event", event: this.#refs[i] as BrokerEvent, nested: flag };
      case INTENT:
        return { kind: "intent", intent: this.#refs[i] as OrderIntent };
      default: {
        const { intent, refusal } = this.#refs[i] as { intent: OrderIntent; refusal: Refusal };
        return { kind: "refusal", intent, refusal };
      }
    }
  }
}

/** The engine's broker with every event it delivers recorded first. */
export function recordingBroker(inner: Broker, sink: RunInputSink): Broker {
  const wrapped: Broker = {
    submit: (intent: OrderIntent) => inner.submit(intent),
    cancel: (key: string) => inner.cancel(key),
    subscribe: (listener: BrokerListener) =>
      inner.subscribe((event) => {
        sink.event(event);
        listener(event);
      }),
  };
  const bars = inner as Partial<{ onBar: (symbol: string, bar: Bar) => void }>;
  if (typeof bars.onBar !== "function") return wrapped;
  const filling: BarFillingBroker = { ...wrapped, onBar: (symbol, bar) => bars.onBar!.call(inner, symbol, bar) };
  return filling;
}

/** The engine's store with every intent and refusal recorded (before the inner store writes it). */
export function recordingStore(inner: Store, sink: RunInputSink): Store {
  return {
    recordIntent(intent) {
      sink.intent(intent);
      inner.recordIntent(intent);
    },
    recordOrderUpdate: (update) => inner.recordOrderUpdate(update),
    recordFill: (fill) => inner.recordFill(fill),
    recordRefusal(intent, refusal) {
      sink.refusal(intent, refusal);
      inner.recordRefusal(intent, refusal);
    },
  };
}
