import { describe, expect, test } from "bun:test";
import { FrameReader, MAX_FRAME, decodeBody, encodeFrame } from "./codec.ts";

describe("TWS framing", () => {
  test("encodes a u32 big-endian length and NUL-terminates every field, the last one too", () => {
    const frame = encodeFrame([9, 1, "", true, 1.5]);
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    expect(frame.subarray(4).toString("latin1")).toBe("9\u00001\u0000\u00001\u00001.5\u0000");
  });

  test("reassembles frames split at any byte and keeps a partial tail pending", () => {
    const bytes = Buffer.concat([encodeFrame([49, 1]), encodeFrame(["héllo", 2]), encodeFrame([8])]);
    const reader = new FrameReader();
    const got: string[][] = [];
    for (const byte of bytes.subarray(0, bytes.length - 2)) {
      reader.push(Buffer.from([byte]));
      for (let f = reader.next(); f; f = reader.next()) if (f.kind === "frame") got.push([...f.fields]);
    }
    expect(got).toEqual([["49", "1"], ["héllo", "2"]]);
    expect(reader.pending).toBe(bytes.length - 2 - (bytes.length - encodeFrame([8]).length));
  });

  test("names what is wrong with bad frames", () => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(MAX_FRAME + 1);
    const reader = new FrameReader();
    reader.push(head);
    expect(reader.next()).toEqual({ kind: "error", problem: { kind: "oversized", length: MAX_FRAME + 1 } });
    expect(decodeBody(Buffer.from("49\u00001"))).toEqual({ kind: "error", problem: { kind: "unterminated", length: 4 } });
    expect(decodeBody(Buffer.alloc(0))).toEqual({ kind: "error", problem: { kind: "empty" } });
    expect(decodeBody(Buffer.from([0xff, 0xfe, 0]))).toEqual({ kind: "error", problem: { kind: "not-utf8", length: 3 } });
  });
});
