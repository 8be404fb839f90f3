import * as v from "valibot";

/** Everything the page shows is one of these; each arrives as a whole snapshot. */
export const TOPICS = ["status", "positions", "orders", "trades", "equity", "metrics", "signals", "alerts", "regime", "performance", "candles", "runs"] as const;
export type Topic = (typeof TOPICS)[number];

/** Server -> page. */
export type ServerMessage =
  | { readonly type: "hello"; readonly version: 1; readonly serverTime: number }
  | { readonly type: "topic"; readonly topic: Topic; readonly data: unknown; readonly serverTime: number }
  | { readonly type: "pong"; readonly serverTime: number }
  | { readonly type: "error"; readonly message: string };

/** Page -> server: a ping, or a request to send every topic again. Anything else is ignored. */
const ClientMessageSchema = v.variant("type", [
  v.strictObject({ type: v.literal("ping") }),
  v.strictObject({ type: v.literal("refresh") }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

/** Text frames only, small, JSON, one of the known shapes; else undefined. */
export function parseClientMessage(raw: string | Buffer | ArrayBuffer | Uint8Array): ClientMessage | undefined {
  if (typeof raw !== "string" || raw.length > MAX_CLIENT_MESSAGE) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(ClientMessageSchema, value);
  return parsed.success ? parsed.output : undefined;
}

export const MAX_CLIENT_MESSAGE = 1024;
/** After this many ignored messages the socket is closed (1008, policy violation). */
export const MAX_MALFORMED = 20;
