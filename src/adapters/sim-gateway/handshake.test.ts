import { describe, expect, test } from "bun:test";
import { negotiate, parseVersionRange } from "./handshake.ts";

const b = (s: string) => Buffer.from(s, "latin1");

describe("version negotiation", () => {
  test("answers min(simulator max, client max)", () => {
    expect(negotiate(b("v157..178"))).toMatchObject({ kind: "accepted", serverVersion: 178 });
    expect(negotiate(b("v100..193"))).toMatchObject({ kind: "accepted", serverVersion: 193 });
    expect(negotiate(b("v100..200"))).toMatchObject({ kind: "accepted", serverVersion: 193 });
    expect(negotiate(b("v180"))).toMatchObject({ kind: "accepted", serverVersion: 180 });
  });

  test("accepts connect options and a stray trailing NUL", () => {
    expect(parseVersionRange(b("v157..178 +PACEAPI"))).toEqual({ min: 157, max: 178, options: "+PACEAPI" });
    expect(parseVersionRange(b("v100..193\0"))).toEqual({ min: 100, max: 193, options: "" });
  });

  test("rejects ranges it cannot serve and strings that are not ranges, saying why", () => {
    expect(negotiate(b("v100..150"))).toMatchObject({ kind: "rejected", reason: expect.stringContaining("below the simulator's minimum 176") });
    expect(negotiate(b("v200..210"))).toMatchObject({ kind: "rejected", reason: expect.stringContaining("above") });
    expect(negotiate(b("hello"))).toMatchObject({ kind: "rejected", reason: expect.stringContaining('expected "v{min}..{max}"') });
    expect(negotiate(b("v190..180"))).toMatchObject({ kind: "rejected" });
  });
});
