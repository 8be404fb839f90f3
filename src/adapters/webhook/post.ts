import type { WebhookSpec } from "../../config/webhook-spec.ts";
import { maskText } from "../../log/mask.ts";

export type PostResult =
  | { readonly ok: true; readonly status: number }
  /** retryAfterMs: what the receiver asked for (HTTP 429 Retry-After); permanent: retrying cannot help (4xx other than 408/429). */
  | { readonly ok: false; readonly error: string; readonly permanent: boolean; readonly retryAfterMs?: number };

/** One POST of a JSON body, bounded by `timeoutMs`; the error never contains the URL's secrets. */
export async function postJson(spec: WebhookSpec, body: unknown, timeoutMs = 10_000): Promise<PostResult> {
  try {
    const response = await fetch(spec.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "robotrader" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status };
    const retryAfter = Number(response.headers.get("retry-after"));
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    return { ok: false, error: `HTTP ${response.status}`, permanent, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
  } catch (error) {
    const e = error as Error;
    const what = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : e.message;
    return { ok: false, error: maskText(what, [spec.url, ...spec.secrets]), permanent: false };
  }
}
