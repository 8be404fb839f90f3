import { UserError } from "../../core/errors.ts";
import type { Stats } from "../stats/stats.ts";
import type { RunJob, RunResult, StatsContext } from "./walk-forward.ts";
import { fromWire, statsFromWire, type FromWorker, type ToWorker } from "./wire.ts";

export interface WorkerPoolOptions {
  /** File name of the worker module in src/backtest/walk-forward/, e.g. "worker.ts". */
  readonly worker: string;
  /** Sent once to every worker before its first job (bars, strategy name, fixed options). */
  readonly setup: unknown;
  /** Default: every core (navigator.hardwareConcurrency). */
  readonly size?: number | undefined;
}

type Request = { readonly kind: "run"; readonly job: RunJob } | { readonly kind: "stats"; readonly jobs: readonly RunJob[]; readonly context: StatsContext };

interface Pending {
  readonly id: number;
  readonly request: Request;
  readonly resolve: (reply: FromWorker) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Runs backtest jobs on a pool of Bun Workers, one message per worker at a time. `run` has the
 * RunBacktest signature and `evaluate` the EvaluateBacktests one, so both plug straight into
 * runWalkForward. Workers start on demand; call close() when done. A crashed worker fails every
 * job still waiting rather than leaving it hanging.
 */
export class WorkerPool {
  readonly size: number;
  readonly #options: WorkerPoolOptions;
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Pending>();
  readonly #queue: Pending[] = [];
  #spawned = 0;
  #nextId = 0;
  #failure: Error | undefined;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.size = Math.max(1, options.size ?? navigator.hardwareConcurrency ?? 1);
  }

  run = async (job: RunJob): Promise<RunResult> => {
    const reply = await this.#send({ kind: "run", job });
    if (reply.kind !== "done") throw new Error(`walk-forward worker: unexpected reply ${reply.kind}`);
    return fromWire(reply.result);
  };

  /**
   * Statistics of many runs. Jobs go out in batches (about four per worker, so a slow batch does
   * not hold up the end), which keeps messages few when each backtest is short.
   */
  evaluate = async (jobs: readonly RunJob[], context: StatsContext, onDone?: (count: number) => void): Promise<Stats[]> => {
    const size = Math.max(1, Math.ceil(jobs.length / (this.size * 4)));
    const batches: Promise<Stats[]>[] = [];
    for (let i = 0; i < jobs.length; i += size) {
      const batch = jobs.slice(i, i + size);
      batches.push(
        this.#send({ kind: "stats", jobs: batch, context }).then((reply) => {
          if (reply.kind !== "stats-done") throw new Error(`walk-forward worker: unexpected reply ${reply.kind}`);
          onDone?.(batch.length);
          return reply.stats.map(statsFromWire);
        }),
      );
    }
    return (await Promise.all(batches)).flat();
  };

  close(): void {
    for (const w of [...this.#idle, ...this.#busy.keys()]) w.terminate();
    this.#idle.length = 0;
    this.#fail(new Error("walk-forward worker pool closed"));
  }

  #send(request: Request): Promise<FromWorker> {
    return new Promise<FromWorker>((resolve, reject) => {
      if (this.#failure) return reject(this.#failure);
      this.#queue.push({ id: this.#nextId++, request, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? (this.#spawned < this.size ? this.#spawn() : undefined);
      if (!worker) return;
      const pending = this.#queue.shift()!;
      this.#busy.set(worker, pending);
      worker.postMessage({ ...pending.request, id: pending.id } satisfies ToWorker);
    }
  }

  #spawn(): Worker {
    this.#spawned++;
    const worker = new Worker(workerUrl(this.#options.worker));
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      const pending = this.#busy.get(worker);
      this.#busy.delete(worker);
      this.#idle.push(worker);
      if (pending && pending.id === message.id) {
        if (message.kind === "failed") pending.reject(message.userError ? new UserError(message.message) : new Error(message.message));
        else pending.resolve(message);
      }
      this.#dispatch();
    };
    worker.onerror = (event: ErrorEvent) => {
      worker.terminate();
      this.#fail(new Error(`walk-forward worker crashed: ${event.message}`));
    };
    worker.postMessage({ kind: "setup", setup: this.#options.setup } satisfies ToWorker);
    return worker;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of [...this.#busy.values(), ...this.#queue]) pending.reject(this.#failure);
    this.#busy.clear();
    this.#queue.length = 0;
  }
}

/**
 * Where a worker module is. From source it sits beside this file. In a `bun build --compile`
 * binary every entrypoint lives under /$bunfs/root/ at its path relative to the build root (src/,
 * see scripts/build.ts), while import.meta.url here names the binary itself.
 */
export function workerUrl(file: string, base: string = import.meta.url): URL {
  const compiled = base.includes("/$bunfs/") || base.includes("~BUN");
  return new URL(compiled ? `./backtest/walk-forward/${file}` : `./${file}`, base);
}
