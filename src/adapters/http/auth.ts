import { createHash, timingSafeEqual } from "node:crypto";
import { DEFAULT_HOSTS } from "./bind-rule.ts";

/** The cookie `/?token=...` sets, so the page and its WebSocket carry the token without a header. */
export const TOKEN_COOKIE = "robotrader_token";

export type AccessCheck =
  | { readonly kind: "ok" }
  | { readonly kind: "denied"; readonly status: 401 | 403; readonly message: string };

const OK: AccessCheck = { kind: "ok" };

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Compares in constant time (hashes first so lengths never leak). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(token));
}

export function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The token a request carries: `Authorization: Bearer T`, else the login cookie. */
export function requestToken(request: Request): string | undefined {
  const auth = request.headers.get("authorization");
  const bearer = auth?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? cookieValue(request, TOKEN_COOKIE);
}

/** Host header without its port: "127.0.0.1:5555" -> "127.0.0.1", "[::1]:5555" -> "[::1]". */
export function hostName(hostHeader: string | null): string | undefined {
  if (!hostHeader) return undefined;
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1) || undefined;
  const colon = h.lastIndexOf(":");
  return colon >= 0 ? h.slice(0, colon) : h;
}

export interface AccessPolicy {
  /** Required on every request when set. */
  readonly token?: string | undefined;
  /** The address the server is bound to. */
  readonly bindHost: string;
}

/**
 * Every request: with a token, it must carry it (401 otherwise). Without one (loopback
 * only), the Host header must be a loopback name, so a web page that rebinds its own DNS
 * name to 127.0.0.1 cannot read the API (403).
 */
export function checkAccess(request: Request, policy: AccessPolicy): AccessCheck {
  if (policy.token !== undefined) {
    return tokenMatches(requestToken(request), policy.token)
      ? OK
      : { kind: "denied", status: 401, message: "a token is required: open /?token=YOUR_TOKEN once, or send 'Authorization: Bearer YOUR_TOKEN'" };
  }
  const name = hostName(request.headers.get("host"));
  if (name !== undefined && (DEFAULT_HOSTS.has(name) || name === policy.bindHost.toLowerCase())) return OK;
  return { kind: "denied", status: 403, message: `unexpected Host header '${request.headers.get("host") ?? ""}': use http://127.0.0.1 or http://localhost` };
}

/**
 * For the one state-changing request: it must come from this page (Origin equal to the
 * server's own origin) and be JSON, so another site cannot forge it even on loopback.
 */
export function checkSameOrigin(request: Request): AccessCheck {
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  if (!origin || !host || origin !== `http://${host}`) {
    return { kind: "denied", status: 403, message: "cross-origin request refused: send it from the status page itself (Origin must match)" };
  }
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return { kind: "denied", status: 403, message: "expected Content-Type: application/json" };
  }
  return OK;
}

/** Set by `/?token=T`: HttpOnly (page scripts never see it), SameSite=Strict, whole site. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
