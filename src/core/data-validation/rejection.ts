export const DATA_REJECT_REASONS = [
  "non-finite",
  "non-positive",
  "inconsistent",
  "crossed",
  "out-of-order",
  "duplicate",
  "stale",
  "outlier",
] as const;
export type DataRejectReason = (typeof DATA_REJECT_REASONS)[number];

/** Why a bar or quote is not traded on; `detail` names the values ("high=10.2 < low=10.5"). */
export interface DataRejection {
  readonly kind: "rejected";
  readonly reason: DataRejectReason;
  readonly symbol: string;
  readonly time: number;
  readonly detail: string;
}

export type DataCheck = { readonly kind: "accepted" } | DataRejection;

export const DATA_ACCEPTED: DataCheck = Object.freeze({ kind: "accepted" });

export function rejected(reason: DataRejectReason, symbol: string, time: number, detail: string): DataRejection {
  return { kind: "rejected", reason, symbol, time, detail };
}
