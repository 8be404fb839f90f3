/**
 * A circuit breaker as plain values: after `failureThreshold` consecutive failures (data
 * or broker) it opens and new orders stop; after `coolDownMs` it turns half-open and lets
 * orders through on trial; the next success closes it, the next failure opens it again.
 * Time is passed in; nothing here reads a clock.
 */
export type CircuitStatus = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
}

export type CircuitBreakerState =
  | { readonly status: "closed"; readonly failures: number; readonly lastFailure?: string }
  | { readonly status: "open"; readonly failures: number; readonly openedAt: number; readonly lastFailure?: string }
  | { readonly status: "half-open"; readonly failures: number; readonly lastFailure?: string };

export const CLOSED_CIRCUIT: CircuitBreakerState = Object.freeze({ status: "closed", failures: 0 });

export function checkCircuitOptions(options: CircuitBreakerOptions): CircuitBreakerOptions {
  if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
    throw new RangeError(`circuit breaker: failureThreshold must be an integer >= 1, got ${options.failureThreshold}`);
  }
  if (!Number.isFinite(options.coolDownMs) || options.coolDownMs < 0) {
    throw new RangeError(`circuit breaker: coolDownMs must be a finite number >= 0, got ${options.coolDownMs}`);
  }
  return options;
}

/** The state as of `now`: an open breaker whose cool-down has passed is half-open. */
export function circuitAt(state: CircuitBreakerState, now: number, options: CircuitBreakerOptions): CircuitBreakerState {
  if (state.status === "open" && now - state.openedAt >= options.coolDownMs) {
    return { status: "half-open", failures: state.failures, ...lastFailure(state) };
  }
  return state;
}

export function recordFailure(
  state: CircuitBreakerState,
  at: number,
  reason: string,
  options: CircuitBreakerOptions,
): CircuitBreakerState {
  const current = circuitAt(state, at, options);
  const failures = current.failures + 1;
  // A failure while half-open, or one more while open, (re)starts the cool-down.
  if (current.status !== "closed" || failures >= options.failureThreshold) {
    return { status: "open", failures, openedAt: at, lastFailure: reason };
  }
  return { status: "closed", failures, lastFailure: reason };
}

/** A success closes the breaker unless it is still cooling down. */
export function recordSuccess(state: CircuitBreakerState, at: number, options: CircuitBreakerOptions): CircuitBreakerState {
  const current = circuitAt(state, at, options);
  if (current.status === "open") return current;
  return CLOSED_CIRCUIT;
}

export function circuitAllows(state: CircuitBreakerState, now: number, options: CircuitBreakerOptions): boolean {
  return circuitAt(state, now, options).status !== "open";
}

function lastFailure(state: CircuitBreakerState): { lastFailure?: string } {
  return state.lastFailure !== undefined ? { lastFailure: state.lastFailure } : {};
}
