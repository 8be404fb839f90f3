import { describe, expect, test } from "bun:test";
import { checkAccess, checkSameOrigin, cookieValue, hostName, requestToken, tokenMatches } from "./auth.ts";

const req = (headers: Record<string, string>, method = "GET") => new Request("http://127.0.0.1:5555/api/status", { method, headers });
const TOKEN = "0123456789abcdef-token";

describe("auth", () => {
  test("host names without ports, IPv6 in brackets", () => {
    expect(hostName("127.0.0.1:5555")).toBe("127.0.0.1");
    expect(hostName("LOCALHOST")).toBe("localhost");
    expect(hostName("[::1]:5555")).toBe("[::1]");
    expect(hostName(null)).toBeUndefined();
  });

  test("token from a Bearer header or the login cookie; malformed cookies read as absent", () => {
    expect(requestToken(req({ Authorization: `Bearer ${TOKEN}` }))).toBe(TOKEN);
    expect(requestToken(req({ Authorization: `Basic abc` }))).toBeUndefined();
    expect(requestToken(req({ Cookie: `a=1; robotrader_token=${TOKEN}; b=2` }))).toBe(TOKEN);
    expect(cookieValue(req({ Cookie: "robotrader_token=%E0%A4%A" }), "robotrader_token")).toBeUndefined();
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
  });

  test("open mode accepts loopback Host names only; token mode needs the token whatever the Host", () => {
    const open = { bindHost: "127.0.0.1" };
    expect(checkAccess(req({ Host: "localhost:5555" }), open).kind).toBe("ok");
    expect(checkAccess(req({ Host: "attacker.example:5555" }), open)).toMatchObject({ kind: "denied", status: 403 });
    const locked = { bindHost: "0.0.0.0", token: TOKEN };
    expect(checkAccess(req({ Host: "192.168.1.5:5555" }), locked)).toMatchObject({ kind: "denied", status: 401 });
    expect(checkAccess(req({ Host: "192.168.1.5:5555", Authorization: `Bearer ${TOKEN}` }), locked).kind).toBe("ok");
  });

  test("same-origin check for the kill switch", () => {
    const ok = req({ Host: "127.0.0.1:5555", Origin: "http://127.0.0.1:5555", "Content-Type": "application/json" }, "POST");
    expect(checkSameOrigin(ok).kind).toBe("ok");
    expect(checkSameOrigin(req({ Host: "127.0.0.1:5555", Origin: "http://localhost:5555", "Content-Type": "application/json" }, "POST")).kind).toBe("denied");
    expect(checkSameOrigin(req({ Host: "127.0.0.1:5555", "Content-Type": "application/json" }, "POST")).kind).toBe("denied");
    expect(checkSameOrigin(req({ Host: "127.0.0.1:5555", Origin: "http://127.0.0.1:5555", "Content-Type": "text/plain" }, "POST")).kind).toBe("denied");
  });
});
