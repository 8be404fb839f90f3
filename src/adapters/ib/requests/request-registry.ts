import { isWarning } from "../error-codes.ts";
import type { IbFailure } from "../result.ts";

interface Pending {
  readonly request: string;
  readonly fail: (failure: IbFailure) => void;
}

/**
 * Ties IB's error stream back to what caused it. Every request and order registers its id
 * with a failure callback; an error naming that id fails the caller's promise with a value
 * (never only a log line). Warnings (2100-2199, 165, 399) do not fail the request.
 */
export class RequestRegistry {
  #pending = new Map<number, Pending>();

  add(id: number, request: string, fail: (failure: IbFailure) => void): void {
    if (this.#pending.has(id)) throw new Error(`RequestRegistry: id ${id} is already pending (${this.#pending.get(id)?.request})`);
    this.#pending.set(id, { request, fail });
  }

  /** The request completed normally. */
  remove(id: number): void {
    this.#pending.delete(id);
  }

  has(id: number): boolean {
    return this.#pending.has(id);
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Routes an IB error; true when it belonged to a pending request (now failed and removed). */
  route(id: number, code: number, message: string): boolean {
    const p = this.#pending.get(id);
    if (!p || isWarning(code)) return false;
    this.#pending.delete(id);
    p.fail({ kind: "ib-error", code, message, request: p.request });
    return true;
  }

  /** Fails everything still waiting, e.g. when the socket goes away mid-request. */
  failAll(kind: IbFailure["kind"], code: number, message: string): number {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of all) p.fail({ kind, code, message, request: p.request });
    return all.length;
  }
}
