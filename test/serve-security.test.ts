import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decideBind, isDefaultHost } from "../src/adapters/http/bind-rule.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { serveForRun, startStatusServer, type StatusServer } from "../src/app/serve/serve.ts";
import { UserError } from "../src/core/errors.ts";
import { quietLog } from "./serve-helpers.ts";

// Who may reach the page: only 127.0.0.1, ::1 and localhost are served without a token; any
// other address (127.0.0.2 included) needs one, checked on HTTP and on the WebSocket upgrade.
const TOKEN = "s3cret-token-0123456789";
const dir = mkdtempSync(path.join(tmpdir(), "serve-sec-"));
const database = path.join(dir, "robotrader.db");
const root = path.resolve(import.meta.dir, "..");
let server: StatusServer;

beforeAll(() => {
  openDatabase(database).close();
  server = startStatusServer({ database, host: "127.0.0.2", port: 0, token: TOKEN, log: quietLog() });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const at = (p: string) => new URL(p, server.url);

/** Opens a WebSocket and resolves with the first message, or rejects with the close/error. */
function firstMessage(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers } as unknown as string[]);
    ws.onmessage = (e) => {
      resolve(String(e.data));
      ws.close();
    };
    ws.onerror = () => reject(new Error("websocket refused"));
    ws.onclose = (e) => reject(new Error(`closed ${e.code}`));
  });
}

describe("bind rule", () => {
  test("only the default loopback names are open; every other address needs a token", () => {
    for (const host of ["127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST"]) expect([host, isDefaultHost(host)]).toEqual([host, true]);
    for (const host of ["127.0.0.2", "0.0.0.0", "::", "192.168.1.20", "example.com"]) expect([host, isDefaultHost(host)]).toEqual([host, false]);
    expect(decideBind("127.0.0.1", undefined)).toEqual({ kind: "open" });
    expect(decideBind("127.0.0.1", TOKEN)).toEqual({ kind: "token" });
    expect(decideBind("0.0.0.0", TOKEN)).toEqual({ kind: "token" });
    const refused = decideBind("0.0.0.0", undefined);
    expect(refused.kind).toBe("refuse");
    expect(refused.kind === "refuse" && refused.message).toContain("--token");
  });

  test("starting on a non-default address without a token is a UserError", () => {
    expect(() => startStatusServer({ database, host: "127.0.0.2", port: 0, log: quietLog() })).toThrow(UserError);
    expect(() => startStatusServer({ database, host: "127.0.0.2", port: 0, log: quietLog() })).toThrow(/without a token/);
  });

  test("CLI: serve --host 127.0.0.2 without a token exits 2; a short token is refused by the config check", async () => {
    const run = (args: string[]) => Bun.spawnSync([process.execPath, path.join(root, "src/main.ts"), "serve", "--data-dir", dir, ...args], { env: { ...process.env, ROBOTRADER_CONFIG: "" }, cwd: dir });
    const noToken = run(["--host", "127.0.0.2", "--port", "5599"]);
    expect(noToken.exitCode).toBe(2);
    expect(noToken.stderr.toString()).toContain("without a token");
    const short = run(["--host", "127.0.0.2", "--port", "5599", "--token", "short"]);
    expect(short.exitCode).toBe(2);
    expect(short.stderr.toString()).toContain("at least 16 characters");
    expect(short.stderr.toString()).not.toContain("short\"");
    // A valid --token warns that it shows in the process list (here the port is taken, so serve ends at once).
    const busy = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    try {
      const flagged = run(["--port", String(busy.port), "--token", TOKEN]);
      expect(flagged.stderr.toString()).toContain("--token on the command line is visible to every user of this machine in the process list");
      expect(flagged.stderr.toString()).toContain("ROBOTRADER_DASHBOARD_TOKEN or dashboard.token");
      expect(flagged.stderr.toString()).not.toContain(TOKEN);
    } finally {
      busy.stop(true);
    }
  });
});

describe("token on 127.0.0.2", () => {
  test("HTTP without the token is 401 everywhere, page and API alike", async () => {
    for (const p of ["/", "/api/status", "/js/app.js", "/ws"]) {
      const response = await fetch(at(p));
      expect([p, response.status]).toEqual([p, 401]);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
    expect((await fetch(at("/api/status"), { headers: { Authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    expect((await fetch(at("/api/status"), { headers: { Cookie: "robotrader_token=wrong" } })).status).toBe(401);
  });

  test("Authorization: Bearer works", async () => {
    const response = await fetch(at("/api/status"), { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).store.state).toBe("ok");
  });

  test("/?token= logs in: an HttpOnly SameSite=Strict cookie, then a redirect that drops the token from the address", async () => {
    expect((await fetch(at("/?token=wrong"), { redirect: "manual" })).status).toBe(401);
    const login = await fetch(at(`/?token=${TOKEN}`), { redirect: "manual" });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/");
    const cookie = login.headers.get("set-cookie")!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const page = await fetch(at("/"), { headers: { Cookie: cookie.split(";")[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(TOKEN);
  });

  test("the WebSocket upgrade needs the token too", async () => {
    const url = server.url.replace("http:", "ws:") + "ws";
    await expect(firstMessage(url)).rejects.toThrow();
    const hello = JSON.parse(await firstMessage(url, { Cookie: `robotrader_token=${TOKEN}` }));
    expect(hello.type).toBe("hello");
    const viaBearer = JSON.parse(await firstMessage(url, { Authorization: `Bearer ${TOKEN}` }));
    expect(viaBearer.type).toBe("hello");
  });

  test("the kill switch needs the token and the page's origin", async () => {
    const origin = server.url.replace(/\/$/, "");
    const body = JSON.stringify({ on: true });
    expect((await fetch(at("/api/kill-switch"), { method: "POST", body, headers: { Origin: origin, "Content-Type": "application/json" } })).status).toBe(401);
    expect((await fetch(at("/api/kill-switch"), { method: "POST", body, headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" } })).status).toBe(403);
    const ok = await fetch(at("/api/kill-switch"), { method: "POST", body, headers: { Authorization: `Bearer ${TOKEN}`, Origin: origin, "Content-Type": "application/json" } });
    expect(ok.status).toBe(200);
  });
});

describe("open mode on 127.0.0.1", () => {
  test("a foreign Host header (DNS rebinding) and a foreign WebSocket Origin are refused", async () => {
    const open = startStatusServer({ database, host: "127.0.0.1", port: 0, log: quietLog() });
    try {
      expect((await fetch(new URL("/api/status", open.url))).status).toBe(200);
      expect((await fetch(new URL("/api/status", open.url.replace("127.0.0.1", "localhost")))).status).toBe(200);
      const rebound = await fetch(new URL("/api/status", open.url), { headers: { Host: `evil.example:${open.port}` } });
      expect(rebound.status).toBe(403);
      const ws = open.url.replace("http:", "ws:") + "ws";
      expect(JSON.parse(await firstMessage(ws)).type).toBe("hello");
      await expect(firstMessage(ws, { Origin: "http://evil.example" })).rejects.toThrow();
    } finally {
      await open.stop();
    }
  });
});

describe("port in use", () => {
  test("serve names --port; run --serve names --dashboard-port, since run's --port is the gateway's", () => {
    const busy = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    try {
      expect(() => startStatusServer({ database, host: "127.0.0.1", port: busy.port, log: quietLog() })).toThrow(/Pick another with --port \(/);
      const config = { dataDir: dir, dashboard: { host: "127.0.0.1", port: busy.port } };
      expect(() => serveForRun(config, quietLog())).toThrow(/Pick another with --dashboard-port \(or dashboard.port in robotrader.toml\)/);
    } finally {
      busy.stop(true);
    }
  });
});

describe("bounded requests", () => {
  /** Writes a raw request and reads until the server closes or the answer's head is complete. */
  function raw(port: number, request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      let text = "";
      void Bun.connect({
        hostname: "127.0.0.1",
        port,
        socket: {
          open: (socket) => void socket.write(request),
          data: (socket, chunk) => {
            text += chunk.toString();
            const head = text.indexOf("\r\n\r\n");
            const length = /content-length: (\d+)/i.exec(text);
            if (head >= 0 && length && text.length >= head + 4 + Number(length[1])) socket.end();
          },
          close: () => resolve(text),
          error: (_, error) => reject(error),
        },
      });
    });
  }

  test("a missing, empty or doubled Host is 400 with the security headers, never a 500", async () => {
    const open = startStatusServer({ database, host: "127.0.0.1", port: 0, log: quietLog() });
    try {
      for (const [request, error] of [
        ["GET /api/status HTTP/1.0\r\n\r\n", "missing Host header"],
        ["GET /api/status HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n", "missing Host header"],
        ["GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", "more than one Host header"],
      ] as const) {
        const answer = await raw(open.port, request);
        expect(answer).toStartWith("HTTP/1.1 400 ");
        expect(answer).toContain("X-Frame-Options: DENY");
        expect(answer).toContain(error);
      }
    } finally {
      await open.stop();
    }
  });

  test("a 20 MB body is refused with 413 before it is parsed, declared or chunked; a small one works", async () => {
    const open = startStatusServer({ database, host: "127.0.0.1", port: 0, log: quietLog() });
    const headers = { Origin: open.url.replace(/\/$/, ""), "Content-Type": "application/json" };
    const post = (body: BodyInit) => fetch(new URL("/api/kill-switch", open.url), { method: "POST", headers, body });
    try {
      const declared = await post("x".repeat(20_000_000));
      expect(declared.status).toBe(413);
      expect(declared.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(await declared.json()).toEqual({ error: "request body larger than 16384 bytes" });
      const chunk = new Uint8Array(100_000).fill(0x20);
      const chunked = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(chunk); // endless: only a bounded reader answers
        },
      });
      expect((await post(chunked)).status).toBe(413);
      expect((await post(JSON.stringify({ on: false, reason: "test" }))).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

