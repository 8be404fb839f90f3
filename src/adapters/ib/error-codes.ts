/**
 * IB's message codes, named by what a client should do about them
 * (interactivebrokers.github.io/tws-api/message_codes.html). Codes 2100-2199 are warnings.
 */
export const CONNECTIVITY = { lost: 1100, restoredDataLost: 1101, restoredDataKept: 1102, resetting: 1300 } as const;

export const CONNECTIVITY_CODES: ReadonlySet<number> = new Set([1100, 1101, 1102, 1300]);

/** Data-farm notices: status only, never a reason to drop the socket. */
export const FARM_CODES: ReadonlySet<number> = new Set([2103, 2104, 2105, 2106, 2107, 2108, 2119, 2157, 2158]);

/** Request rate and historical-data pacing. */
export const PACING_CODES: ReadonlySet<number> = new Set([100, 162, 420]);

/**
 * 162 is two things: "Historical Market Data Service error message:API historical data
 * query cancelled / pacing violation" (ask again later) and "HMDS query returned no data"
 * (the start of a symbol's history: not a failure). The message tells them apart.
 */
export const HISTORICAL_DATA_ERROR = 162;

export function isPacingViolation(code: number, message: string): boolean {
  return code === HISTORICAL_DATA_ERROR && /pacing/i.test(message);
}

export function isNoHistoricalData(code: number, message: string): boolean {
  return code === HISTORICAL_DATA_ERROR && /no data/i.test(message);
}

export const CLIENT_ID_IN_USE = 326;

/** Errors tied to an order id: the order is rejected or ends. */
export const ORDER_ERROR_CODES: ReadonlySet<number> = new Set([
  103, 104, 105, 106, 107, 109, 110, 111, 113, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 129, 131, 132,
  133, 134, 135, 136, 137, 140, 141, 144, 146, 147, 148, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 163,
  164, 166, 167, 168, 200, 201, 202, 203, 321, 322, 382, 383, 387, 388, 404, 434, 435, 436, 437,
]);

/** Codes after which the socket is gone or useless (client side 502/504, TWS 326). */
export const CONNECTION_FATAL_CODES: ReadonlySet<number> = new Set([326, 502, 503, 504, 507, 1300]);

/** A request that ends normally with this code is not a failure (e.g. 202 after our own cancel). */
export const ORDER_CANCELLED = 202;

export type CodeClass = "connectivity" | "farm" | "warning" | "pacing" | "client-id" | "order" | "connection" | "request";

/** One class per code, checked in this order (a farm code is also a warning; farm wins). */
export function classifyCode(code: number): CodeClass {
  if (CONNECTIVITY_CODES.has(code)) return "connectivity";
  if (FARM_CODES.has(code)) return "farm";
  if (code === CLIENT_ID_IN_USE) return "client-id";
  if (PACING_CODES.has(code)) return "pacing";
  if (code >= 2100 && code <= 2199) return "warning";
  if (CONNECTION_FATAL_CODES.has(code)) return "connection";
  if (ORDER_ERROR_CODES.has(code)) return "order";
  return "request";
}

/** Warnings and informational codes that should not fail the request they name. */
export function isWarning(code: number): boolean {
  return (code >= 2100 && code <= 2199) || code === 165 || code === 399 || code === 10167 || code === 10168;
}
