/**
 * Timers for answers IB owes (DESIGN.md invariant 13): each `expect` checks, once the
 * timeout has passed, whether its answer came; if not, `onOverdue` hears why (reconciliation
 * then runs at once). Without a listener nothing is scheduled.
 */
export class OverdueWatch {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #onOverdue: ((why: string) => void) | undefined;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, onOverdue: ((why: string) => void) | undefined) {
    this.timeoutMs = timeoutMs;
    this.#onOverdue = onOverdue;
  }

  /** Calls onOverdue(why) after the timeout unless `answered()` by then. */
  expect(why: string, answered: () => boolean): void {
    const report = this.#onOverdue;
    if (!report) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!answered()) report(why);
    }, this.timeoutMs);
    this.#timers.add(timer);
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
