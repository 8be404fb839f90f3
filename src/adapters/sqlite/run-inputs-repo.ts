import type { Bar } from "../../core/bar.ts";
import type { BrokerEvent, Refusal } from "../../core/events.ts";
import { money } from "../../core/money.ts";
import type { OrderIntent } from "../../core/order.ts";
import type { RunInput } from "../../engine/run-inputs.ts";
import { relaxedTransaction, type Db } from "./db.ts";

type Raw = {
  seq: number; kind: StoredKind; slot: number | null; time: number;
  open: number | null; high: number | null; low: number | null; close: number | null; volume: number | null;
  flag: number; data: string | null;
};

/** run_inputs.kind's values (its CHECK): a data-only bar is a `bar` row with no slot, its symbol in `data`. */
type StoredKind = Exclude<RunInput["kind"], "data">;

/**
 * Appends a batch of a run's inputs (seq `firstSeq`, `firstSeq + 1`, ...) in one
 * transaction. Committed without an fsync of its own (synchronous=NORMAL under WAL): a
 * recording may lose its last second to a power cut, never the database; orders and fills
 * keep their durable writes.
 */
export function appendRunInputs(db: Db, runId: number, firstSeq: number, inputs: readonly RunInput[]): void {
  if (inputs.length === 0) return;
  const insert = db.query(
    `INSERT INTO run_inputs (run_id, seq, kind, slot, time, open, high, low, close, volume, flag, data)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`,
  );
  relaxedTransaction(db, () => {
    let seq = firstSeq;
    for (const input of inputs) {
      switch (input.kind) {
        case "bar": {
          const b = input.bar;
          insert.run(runId, seq++, "bar", input.slot, b.time, b.open, b.high, b.low, b.close, b.volume, input.history ? 1 : 0, null);
          break;
        }
        case "data": {
          const b = input.bar;
          insert.run(runId, seq++, "bar", null, b.time, b.open, b.high, b.low, b.close, b.volume, 0, input.symbol);
          break;
        }
        case "event":
          insert.run(runId, seq++, "event", null, eventTime(input.event), null, null, null, null, null, input.nested ? 1 : 0, JSON.stringify(input.event));
          break;
        case "intent":
          insert.run(runId, seq++, "intent", null, input.intent.signalTime, null, null, null, null, null, 0, JSON.stringify(input.intent));
          break;
        case "refusal":
          insert.run(runId, seq++, "refusal", null, input.intent.signalTime, null, null, null, null, null, 0, JSON.stringify({ intent: input.intent, refusal: input.refusal }));
          break;
      }
    }
  });
}

/** A run's inputs in arrival order (money back as exact decimals). */
export function readRunInputs(db: Db, runId: number): RunInput[] {
  const rows = db.query("SELECT * FROM run_inputs WHERE run_id = ?1 ORDER BY seq").all(runId) as Raw[];
  return rows.map(toInput);
}

/** The first seqs missing from a run's recording (a batch whose write failed), at most `limit`. */
export function runInputGaps(db: Db, runId: number, limit = 1): { readonly from: number; readonly to: number }[] {
  const rows = db
    .query(
      `SELECT prev + 1 AS "from", seq - 1 AS "to" FROM (SELECT seq, lag(seq, 1, -1) OVER (ORDER BY seq) AS prev FROM run_inputs WHERE run_id = ?1)
       WHERE seq > prev + 1 ORDER BY seq LIMIT ?2`,
    )
    .all(runId, limit) as { from: number; to: number }[];
  return rows;
}

export function saveRunSetup(db: Db, runId: number, setup: unknown): void {
  db.query("INSERT OR REPLACE INTO run_setups (run_id, setup) VALUES (?1, ?2)").run(runId, JSON.stringify(setup));
}

export function getRunSetup(db: Db, runId: number): unknown {
  const row = db.query("SELECT setup FROM run_setups WHERE run_id = ?1").get(runId) as { setup: string } | null;
  return row === null ? undefined : JSON.parse(row.setup);
}

export interface RecordedRun {
  readonly id: number;
  readonly kind: string;
  readonly status: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly setup: unknown;
  readonly bars: number;
  /** Orders the engine sent to its broker. */
  readonly orders: number;
  /** Orders a pre-trade check refused. */
  readonly refused: number;
}

/** Runs with a recording (newest first). */
export function listRecordedRuns(db: Db, limit = -1): RecordedRun[] {
  const rows = db
    .query(
      `SELECT r.id, r.kind, r.status, r.started_at, r.ended_at, s.setup,
              (SELECT count(*) FROM run_inputs i WHERE i.run_id = r.id AND i.kind = 'bar' AND i.slot IS NOT NULL) AS bars,
              (SELECT count(*) FROM run_inputs i WHERE i.run_id = r.id AND i.kind = 'intent') AS orders,
              (SELECT count(*) FROM run_inputs i WHERE i.run_id = r.id AND i.kind = 'refusal') AS refused
       FROM runs r JOIN run_setups s ON s.run_id = r.id
       ORDER BY r.started_at DESC, r.id DESC LIMIT ?1`,
    )
    .all(limit) as { id: number; kind: string; status: string; started_at: number; ended_at: number | null; setup: string; bars: number; orders: number; refused: number }[];
  return rows.map((r) => ({
    id: r.id, kind: r.kind, status: r.status, startedAt: r.started_at, endedAt: r.ended_at,
    setup: JSON.parse(r.setup), bars: r.bars, orders: r.orders, refused: r.refused,
  }));
}

const eventTime = (event: BrokerEvent): number => (event.kind === "fill" ? event.fill.time : event.time);

function toInput(r: Raw): RunInput {
  switch (r.kind) {
    case "bar": {
      const bar: Bar = { time: r.time, open: r.open!, high: r.high!, low: r.low!, close: r.close!, volume: r.volume! };
      if (r.slot === null) return { kind: "data", symbol: r.data ?? "", bar };
      return { kind: "bar", slot: r.slot, bar, history: r.flag === 1 };
    }
    case "event":
      return { kind: "event", event: toEvent(JSON.parse(r.data!)), nested: r.flag === 1 };
    case "intent":
      return { kind: "intent", intent: JSON.parse(r.data!) as OrderIntent };
    case "refusal": {
      const { intent, refusal } = JSON.parse(r.data!) as { intent: OrderIntent; refusal: Refusal };
      return { kind: "refusal", intent, refusal };
    }
  }
}

type StoredEvent =
  | Extract<BrokerEvent, { kind: "order" }>
  | { kind: "fill"; fill: Omit<Extract<BrokerEvent, { kind: "fill" }>["fill"], "price" | "commission"> & { price: string; commission: string }; value?: string };

function toEvent(e: StoredEvent): BrokerEvent {
  if (e.kind === "order") return e;
  const fill = { ...e.fill, price: money(e.fill.price), commission: money(e.fill.commission) };
  return e.value === undefined ? { kind: "fill", fill } : { kind: "fill", fill, value: money(e.value) };
}
