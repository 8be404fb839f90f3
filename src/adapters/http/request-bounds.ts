import { errorResponse } from "./headers.ts";

/** Largest request body read: the only body is the kill switch's `{"on": true, "reason": "..."}`. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * A request's Host header must be there once and not empty: HTTP/1.1 requires it, the URL
 * is built from it, and the DNS-rebinding check reads it. Bun joins repeated headers with
 * ", ", which no host name contains. Undefined when it is fine, else the 400 to send.
 */
export function badHostResponse(request: Request): Response | undefined {
  const host = request.headers.get("host");
  if (host === null || host.trim() === "") return errorResponse(400, "missing Host header: HTTP/1.1 requests must name the host");
  if (host.includes(",")) return errorResponse(400, "more than one Host header: send exactly one");
  return undefined;
}

export type BodyText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly response: Response };

/**
 * The body as text, refusing one over `limit` bytes before reading it when its length is
 * declared, and as soon as the limit is passed when it is chunked: nothing large is parsed.
 */
export async function readBoundedBody(request: Request, limit = MAX_BODY_BYTES): Promise<BodyText> {
  const tooLarge = () => ({ ok: false as const, response: errorResponse(413, `request body larger than ${limit} bytes`, { Connection: "close" }) });
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > limit) return tooLarge();
  if (!request.body) return { ok: true, text: "" };
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limit) return tooLarge();
    chunks.push(chunk);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
