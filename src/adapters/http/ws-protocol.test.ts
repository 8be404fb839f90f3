import { describe, expect, test } from "bun:test";
import { parseClientMessage } from "./ws-protocol.ts";

describe("client messages", () => {
  test("ping and refresh are understood; everything else is undefined, never a throw", () => {
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ type: "ping" });
    expect(parseClientMessage('{"type":"refresh"}')).toEqual({ type: "refresh" });
    for (const bad of ["", "{", "null", "[]", "1", '"ping"', '{"type":"ping","x":1}', '{"type":"PING"}', '{"type":"__proto__"}', "x".repeat(5000)]) {
      expect([bad.slice(0, 20), parseClientMessage(bad)]).toEqual([bad.slice(0, 20), undefined]);
    }
    expect(parseClientMessage(new Uint8Array([123, 125]))).toBeUndefined();
  });
});
