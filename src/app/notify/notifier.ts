import { webhookBody } from "../../adapters/webhook/body.ts";
import type { NotifyEvent } from "../../adapters/webhook/event.ts";
import { postJson, type PostResult } from "../../adapters/webhook/post.ts";
import type { WebhookSpec } from "../../config/webhook-spec.ts";
import type { Logger } from "../../log/logger.ts";

/** One webhook's delivery counts, as `status` and the page show them (the URL masked). */
export interface WebhookStats {
  readonly webhook: string;
  readonly format: WebhookSpec["format"];
  readonly sent: number;
  /** Given up after every retry (or refused for good by the receiver). */
  readonly failed: number;
  /** Dropped unsent because the queue was full. */
  readonly dropped: number;
  readonly retries: number;
  readonly queued: number;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly lastSentAt: number | null;
}

export interface NotifierOptions {
  readonly webhooks: readonly WebhookSpec[];
  readonly log?: Logger;
  /** Events waiting per webhook; beyond it the oldest is dropped (and counted). */
  readonly maxQueue?: number;
  /** Attempts per event, the first included. */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly timeoutMs?: number;
  /** Tests: another sender. */
  readonly post?: (spec: WebhookSpec, body: unknown, timeoutMs: number) => Promise<PostResult>;
  readonly now?: () => number;
  /** Told after every delivery outcome (sent, failed, dropped). */
  readonly onChange?: () => void;
}

interface Target {
  readonly spec: WebhookSpec;
  readonly queue: NotifyEvent[];
  stats: Omit<WebhookStats, "webhook" | "format" | "queued">;
  running: Promise<void> | undefined;
}

/**
 * Delivers events to webhooks in the background: `notify` only queues (never awaits, never
 * throws), each webhook has its own queue and worker, so a slow or dead receiver delays only
 * itself. A failed POST is retried with exponential backoff and jitter (the receiver's
 * Retry-After wins); a 4xx other than 408/429 is not retried. The queue is bounded: when a
 * receiver is down for long, the oldest events go first, counted as dropped.
 */
export class Notifier {
  readonly #o: NotifierOptions;
  readonly #targets: Target[];
  #closed = false;
  readonly #timers = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();

  constructor(options: NotifierOptions) {
    this.#o = options;
    this.#targets = options.webhooks.map((spec) => ({ spec, queue: [], stats: { sent: 0, failed: 0, dropped: 0, retries: 0, lastError: null, lastErrorAt: null, lastSentAt: null }, running: undefined }));
  }

  get enabled(): boolean {
    return this.#targets.length > 0;
  }

  notify(event: NotifyEvent): void {
    if (this.#closed) return;
    const max = this.#o.maxQueue ?? 500;
    for (const t of this.#targets) {
      t.queue.push(event);
      if (t.queue.length > max) {
        t.queue.shift();
        t.stats = { ...t.stats, dropped: t.stats.dropped + 1 };
        this.#o.onChange?.();
      }
      t.running ??= this.#drain(t).finally(() => (t.running = undefined));
    }
  }

  stats(): WebhookStats[] {
    return this.#targets.map((t) => ({ webhook: t.spec.shown, format: t.spec.format, ...t.stats, queued: t.queue.length }));
  }

  /** Resolves when every queue is empty, or after `timeoutMs` (then still-queued events stay counted as queued). */
  async flush(timeoutMs = 5_000): Promise<void> {
    const all = Promise.all(this.#targets.map((t) => t.running ?? Promise.resolve()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Flushes (bounded), then stops: waiting retries end at once, later events are ignored. */
  async close(timeoutMs = 5_000): Promise<void> {
    await this.flush(timeoutMs);
    this.#closed = true;
    for (const t of this.#timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
  }

  async #drain(t: Target): Promise<void> {
    while (t.queue.length > 0 && !this.#closed) await this.#deliver(t, t.queue.shift()!);
  }

  async #deliver(t: Target, event: NotifyEvent): Promise<void> {
    const attempts = this.#o.attempts ?? 5;
    const post = this.#o.post ?? postJson;
    const now = this.#o.now ?? Date.now;
    const body = webhookBody(t.spec, event);
    for (let attempt = 1; ; attempt++) {
      const result = await post(t.spec, body, this.#o.timeoutMs ?? 10_000);
      if (result.ok) {
        t.stats = { ...t.stats, sent: t.stats.sent + 1, lastSentAt: now() };
        this.#o.onChange?.();
        return;
      }
      if (result.permanent || attempt >= attempts || this.#closed) {
        t.stats = { ...t.stats, failed: t.stats.failed + 1, lastError: result.error, lastErrorAt: now() };
        this.#o.log?.warn(`notification ${event.kind} to ${t.spec.shown} failed after ${attempt} attempt(s): ${result.error}`);
        this.#o.onChange?.();
        return;
      }
      t.stats = { ...t.stats, retries: t.stats.retries + 1, lastError: result.error, lastErrorAt: now() };
      const base = Math.min(this.#o.maxDelayMs ?? 30_000, (this.#o.baseDelayMs ?? 1_000) * 2 ** (attempt - 1));
      await this.#sleep(result.retryAfterMs ?? base * (0.5 + Math.random() / 2));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => (this.#timers.delete(entry), resolve()), ms), resolve };
      entry.timer.unref?.();
      this.#timers.add(entry);
    });
  }
}
