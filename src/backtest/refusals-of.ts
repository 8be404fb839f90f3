import type { RefusalList } from "./refusal-list.ts";
import type { BacktestRefusal } from "./types.ts";

/**
 * A run's result (and the outcomes made of it) reads its refusals through a getter that makes
 * the records from a RefusalList when first read (`all()`). The summaries read the list itself,
 * through these, and make none (count, by rule) or a few (the first five) of the records.
 */
const lists = new WeakMap<object, RefusalList>();

interface Holder {
  readonly refusals: readonly BacktestRefusal[];
}

/** `holder`, whose `refusals` getter reads `list`, registered so that the summaries find the list. */
export function withRefusalList<T extends Holder>(holder: T, list: RefusalList): T {
  lists.set(holder, list);
  return holder;
}

/** The list behind a holder's refusals, if they are read through one. */
export function refusalListOf(holder: Holder): RefusalList | undefined {
  return lists.get(holder);
}

export function refusalCount(holder: Holder): number {
  return lists.get(holder)?.count ?? holder.refusals.length;
}

/** The first `n` refusals. */
export function firstRefusals(holder: Holder, n: number): readonly BacktestRefusal[] {
  return lists.get(holder)?.first(n) ?? holder.refusals.slice(0, n);
}

/** Refusals counted by rule, in the order the rules first refused (as refusalsByRule). */
export function refusalCountsByRule(holder: Holder): Record<string, number> {
  return lists.get(holder)?.byRule() ?? refusalsByRule(holder.refusals);
}

/**
 * Refusals counted by rule ({"max-order-value": 87}), in the order the rules first refused, as a
 * run's summary counts them. An indexed loop: a minute-bar backtest ends with ~19k refusals.
 */
export function refusalsByRule(refusals: readonly { readonly rule: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < refusals.length; i++) {
    const rule = refusals[i]!.rule;
    counts[rule] = (counts[rule] ?? 0) + 1;
  }
  return counts;
}

/**
 * `{ ...a, ...b }` that keeps a lazy `refusals` getter a getter (a spread would read it: every
 * record made); the same object as the spread otherwise.
 */
export function mergedKeepingRefusals<A extends object, B extends object>(a: A, b: B): A & B {
  const list = Object.prototype.hasOwnProperty.call(b, "refusals") ? lists.get(b) : lists.get(a);
  if (list === undefined) return { ...a, ...b };
  const out = {} as A & B;
  Object.defineProperties(out, Object.getOwnPropertyDescriptors(a));
  Object.defineProperties(out, Object.getOwnPropertyDescriptors(b));
  lists.set(out, list);
  return out;
}
