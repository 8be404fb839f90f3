/** An error IB sent on its error stream, tied to the request or order that caused it. */
export interface IbFailure {
  /** cancelled: our side stopped it (Ctrl-C, shutdown) before an answer. */
  readonly kind: "ib-error" | "disconnected" | "timeout" | "bad-data" | "cancelled";
  /** IB's code (162, 200, 326 ...) or the client-side one (504 not connected); 0 for our own checks. */
  readonly code: number;
  readonly message: string;
  /** What we asked for ("historical AAPL 1 day 1 Y"), so a log line names it. */
  readonly request: string;
}

export type IbResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IbFailure };

export const ok = <T>(value: T): IbResult<T> => ({ ok: true, value });
export const fail = <T = never>(error: IbFailure): IbResult<T> => ({ ok: false, error });
