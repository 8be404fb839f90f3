/**
 * TWS API framing: after the raw "API\0" greeting every message is a u32 big-endian length
 * followed by that many bytes of UTF-8 text fields, each terminated by NUL (the last one too).
 */
export const MAX_FRAME = 0xffffff;
export const API_GREETING = Buffer.from("API\0", "latin1");

export type FieldValue = string | number | boolean | null | undefined;

/** One field as the wire wants it: "" for unset, 1/0 for booleans, shortest decimal for numbers. */
export function fieldText(value: FieldValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`codec: cannot encode non-finite number ${value}`);
    return String(value);
  }
  return value;
}

/** The frame: its length, then the fields, written into one buffer (a streaming tick encodes hundreds). */
export function encodeFrame(fields: readonly FieldValue[]): Buffer {
  let text = "";
  for (const f of fields) text += fieldText(f) + "\0";
  const length = Buffer.byteLength(text, "utf8");
  if (length > MAX_FRAME) throw new RangeError(`codec: frame of ${length} bytes exceeds ${MAX_FRAME}`);
  const frame = Buffer.allocUnsafe(4 + length);
  frame.writeUInt32BE(length, 0);
  frame.write(text, 4, "utf8");
  return frame;
}

export type FrameProblem =
  | { readonly kind: "oversized"; readonly length: number }
  | { readonly kind: "empty" }
  | { readonly kind: "unterminated"; readonly length: number }
  | { readonly kind: "not-utf8"; readonly length: number };

export type FrameResult =
  | { readonly kind: "frame"; readonly fields: readonly string[] }
  | { readonly kind: "error"; readonly problem: FrameProblem };

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Splits a frame body into its fields; the body must end with NUL. */
export function decodeBody(body: Buffer): FrameResult {
  if (body.length === 0) return { kind: "error", problem: { kind: "empty" } };
  if (body[body.length - 1] !== 0) return { kind: "error", problem: { kind: "unterminated", length: body.length } };
  let text: string;
  try {
    text = decoder.decode(body.subarray(0, body.length - 1));
  } catch {
    return { kind: "error", problem: { kind: "not-utf8", length: body.length } };
  }
  return { kind: "frame", fields: text.split("\0") };
}

/** Incremental length-prefixed frame reader; feed it socket chunks, take whole frames out. */
export class FrameReader {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
  }

  /** Bytes received but not yet part of a whole frame (a truncated frame at close). */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Takes exactly n raw bytes (the greeting), or undefined if not yet arrived. */
  takeRaw(n: number): Buffer | undefined {
    if (this.#buffer.length < n) return undefined;
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  /** Next whole frame's raw body, an oversize error, or undefined when more bytes are needed. */
  nextBody(): { kind: "body"; body: Buffer } | { kind: "error"; problem: FrameProblem } | undefined {
    if (this.#buffer.length < 4) return undefined;
    const length = this.#buffer.readUInt32BE(0);
    if (length > MAX_FRAME) return { kind: "error", problem: { kind: "oversized", length } };
    if (this.#buffer.length < 4 + length) return undefined;
    const body = this.#buffer.subarray(4, 4 + length);
    this.#buffer = this.#buffer.subarray(4 + length);
    return { kind: "body", body };
  }

  next(): FrameResult | undefined {
    const b = this.nextBody();
    if (!b) return undefined;
    return b.kind === "error" ? b : decodeBody(b.body);
  }
}

export function describeProblem(p: FrameProblem): string {
  switch (p.kind) {
    case "oversized":
      return `frame length ${p.length} exceeds the maximum ${MAX_FRAME}`;
    case "empty":
      return "empty frame (length 0)";
    case "unterminated":
      return `frame of ${p.length} bytes does not end with a NUL field terminator`;
    case "not-utf8":
      return `frame of ${p.length} bytes is not valid UTF-8`;
  }
}
