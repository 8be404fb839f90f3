import type { Server } from "bun";
import { checkAccess, checkSameOrigin, tokenCookie, tokenMatches } from "./auth.ts";
import { decideBind } from "./bind-rule.ts";
import { errorResponse, jsonResponse, withSecurityHeaders } from "./headers.ts";
import { pageAsset } from "./page-assets.ts";
import { badHostResponse, MAX_BODY_BYTES, readBoundedBody } from "./request-bounds.ts";
import { MAX_CLIENT_MESSAGE } from "./ws-protocol.ts";
import type { SocketData, WsHub } from "./ws-hub.ts";

/** What an API handler answers: a status code and a JSON body. */
export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
}

export interface ApiHandlers {
  /** GET /api/<name>; undefined for an unknown name (404). */
  get(name: string, params: URLSearchParams): ApiResult | undefined;
  /** POST /api/kill-switch with a JSON body (already same-origin and token checked). */
  killSwitch(body: unknown): Promise<ApiResult>;
  /** POST /api/control (close, pause, resume, stop), same checks; `who` says where it came from ("page:127.0.0.1"). */
  control(body: unknown, who: string): Promise<ApiResult>;
  /** The saved HTML report file of a backtest run, when it has one on disk. */
  reportPath(runId: number): string | undefined;
}

/** A saved backtest report is self-contained HTML with inline styles and scripts (its charts), sandboxed: an opaque origin, no requests. */
const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox allow-scripts";

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly token?: string | undefined;
  readonly api: ApiHandlers;
  readonly hub: WsHub;
  readonly onError?: (error: unknown) => void;
}

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Throws Error with the refusal when a token is needed but missing (callers map it to UserError). */
export function startHttpServer(options: HttpServerOptions): HttpServer {
  const decision = decideBind(options.host, options.token);
  if (decision.kind === "refuse") throw new BindRefusedError(decision.message);
  const token = decision.kind === "token" ? options.token : undefined;
  const policy = { token, bindHost: options.host };
  const hub = options.hub;

  async function handle(request: Request, server: Server<SocketData>): Promise<Response | undefined> {
    const badHost = badHostResponse(request);
    if (badHost) return badHost;
    const url = new URL(request.url);
    // Login: /?token=T sets the cookie and drops the token from the address bar.
    if (token !== undefined && url.pathname === "/" && url.searchParams.has("token")) {
      if (!tokenMatches(url.searchParams.get("token") ?? undefined, token)) return errorResponse(401, "wrong token");
      return withSecurityHeaders(new Response(null, { status: 303, headers: { Location: "/", "Set-Cookie": tokenCookie(token) } }));
    }
    const access = checkAccess(request, policy);
    if (access.kind === "denied") return errorResponse(access.status, access.message, access.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
    if (url.pathname === "/ws") {
      if (request.method !== "GET") return errorResponse(405, "use GET to open the WebSocket", { Allow: "GET" });
      const origin = request.headers.get("origin");
      if (origin !== null && origin !== `http://${request.headers.get("host")}`) return errorResponse(403, "cross-origin WebSocket refused");
      if (server.upgrade(request, { data: { malformed: 0 } })) return undefined;
      return errorResponse(400, "expected a WebSocket upgrade request");
    }
    if (url.pathname === "/api/kill-switch") {
      return post(request, "{\"on\": true|false, \"reason\": \"...\"}", (body) => options.api.killSwitch(body));
    }
    if (url.pathname === "/api/control") {
      const who = `page:${server.requestIP(request)?.address ?? "unknown"}`;
      return post(request, "{\"action\": \"close\"|\"pause\"|\"resume\"|\"stop\", \"symbol\": \"AAPL\"}", (body) => options.api.control(body, who));
    }
    if (request.method !== "GET" && request.method !== "HEAD") return errorResponse(405, "read-only: only GET is served here", { Allow: "GET" });
    const report = /^\/api\/runs\/(\d{1,12})\/report$/.exec(url.pathname);
    if (report) {
      const file = options.api.reportPath(Number(report[1]));
      if (file === undefined) return errorResponse(404, `run ${report[1]} has no saved report`);
      const headers = { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": REPORT_CSP };
      return withSecurityHeaders(new Response(Bun.file(file), { headers }));
    }
    if (url.pathname.startsWith("/api/")) {
      const result = options.api.get(url.pathname.slice(5), url.searchParams);
      if (result === undefined) return errorResponse(404, `no API endpoint ${url.pathname}`);
      return jsonResponse(result.body, result.status);
    }
    const asset = pageAsset(url.pathname);
    if (asset === undefined) return errorResponse(404, `not found: ${url.pathname}`);
    return withSecurityHeaders(new Response(asset.body, { headers: { "Content-Type": asset.type } }));
  }

  /** The state-changing requests: POST only, from this page (same origin, JSON), bounded body. */
  async function post(request: Request, expected: string, handler: (body: unknown) => Promise<ApiResult>): Promise<Response> {
    if (request.method !== "POST") return errorResponse(405, `use POST with ${expected}`, { Allow: "POST" });
    const same = checkSameOrigin(request);
    if (same.kind === "denied") return errorResponse(same.status, same.message);
    const text = await readBoundedBody(request);
    if (!text.ok) return text.response;
    let body: unknown;
    try {
      body = JSON.parse(text.text);
    } catch {
      return errorResponse(400, `body must be JSON; expected ${expected}`);
    }
    const result = await handler(body);
    return jsonResponse(result.body, result.status);
  }

  const internal = (error: unknown) => {
    options.onError?.(error);
    return errorResponse(500, "internal error (see the server log)");
  };
  const server = Bun.serve<SocketData>({
    hostname: options.host,
    port: options.port,
    // A backstop for Bun itself; the kill switch reads at most MAX_BODY_BYTES (request-bounds.ts).
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    async fetch(request, server) {
      try {
        return await handle(request, server);
      } catch (error) {
        return internal(error);
      }
    },
    // Bun's own error page (a stack trace in development mode, Bun's default) is never sent:
    // ours, with the security headers. Bun's HTTP parser still answers unparseable requests
    // itself ("400 Bad Request", no body, connection closed); there is no hook for those.
    development: false,
    error: internal,
    websocket: {
      maxPayloadLength: MAX_CLIENT_MESSAGE * 4,
      idleTimeout: 120,
      open: (ws) => hub.open(ws),
      message: (ws, raw) => hub.message(ws, raw),
      close: (ws) => hub.close(ws),
    },
  });
  const port = server.port ?? options.port;
  const shownHost = options.host.includes(":") && !options.host.startsWith("[") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    async stop() {
      hub.closeAll(1001, "server stopping");
      await server.stop(true);
    },
  };
}

export class BindRefusedError extends Error {
  override readonly name = "BindRefusedError";
}
