/** What a notification says, before it is shaped for one webhook format. */
export const NOTIFY_KINDS = [
  "fill", "refusal", "kill-switch", "circuit-breaker", "disconnect", "reconnect", "reconciliation",
  "order-in-doubt", "fill-conflict", "runner-start", "runner-stop", "runner-crash", "daily-summary", "manual-control",
] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export interface NotifyEvent {
  readonly kind: NotifyKind;
  readonly level: "info" | "warn" | "error";
  /** One line: "fill: buy 10 AAPL @ 187.20". */
  readonly title: string;
  /** More lines, may be empty. */
  readonly text: string;
  /** Wall-clock epoch ms. */
  readonly time: number;
  /** Machine-readable facts (the json format sends them as they are). */
  readonly data?: Readonly<Record<string, unknown>>;
  /** `notify test`: said in every body so nobody acts on it. */
  readonly test?: boolean;
}
