type Listener = (...args: unknown[]) => void;

/** A small typed event emitter: listeners are isolated, so one that throws never breaks another. */
export class Emitter<Events extends Record<string, unknown[]>> {
  #listeners = new Map<keyof Events, Set<Listener>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    const listener = fn as unknown as Listener;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const fn of [...(this.#listeners.get(event) ?? [])]) {
      try {
        fn(...args);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
