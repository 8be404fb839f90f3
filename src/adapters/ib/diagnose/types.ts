/** The final word of diagnose-gateway; the first failing check decides it. */
export const VERDICTS = ["ok", "port-closed", "handshake-timeout", "client-id-in-use", "zombie-sockets", "port-mode-mismatch", "farm-down", "no-market-data"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export type CheckId = "config" | "tcp" | "handshake" | "server" | "accounts" | "client-id" | "close-wait" | "farms" | "historical";

/** One check's outcome: what was measured, and what to do when it is not ok. */
export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
  /** The verdict this check gives when it fails. */
  readonly verdict?: Verdict;
}

export const check = (id: CheckId, status: CheckStatus, detail: string, extra: { fix?: string; verdict?: Verdict } = {}): CheckResult => ({
  id,
  status,
  detail,
  ...(extra.fix !== undefined ? { fix: extra.fix } : {}),
  ...(extra.verdict !== undefined ? { verdict: extra.verdict } : {}),
});
