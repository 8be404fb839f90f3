/**
 * Typed arrays in JSON as base64 of their little-endian bytes, so a model file written on
 * one machine loads bit-for-bit on any other.
 */
export type DType = "f64" | "i32";

export interface EncodedArray {
  readonly dtype: DType;
  readonly length: number;
  readonly b64: string;
}

export function encodeArray(a: Float64Array | Int32Array): EncodedArray {
  const dtype: DType = a instanceof Float64Array ? "f64" : "i32";
  const size = dtype === "f64" ? 8 : 4;
  const bytes = new Uint8Array(a.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) {
    if (dtype === "f64") view.setFloat64(i * 8, a[i]!, true);
    else view.setInt32(i * 4, a[i]!, true);
  }
  return { dtype, length: a.length, b64: Buffer.from(bytes).toString("base64") };
}

function decode(e: unknown, dtype: DType, what: string): Float64Array | Int32Array {
  if (typeof e !== "object" || e === null) throw new TypeError(`${what}: expected an encoded array`);
  const { dtype: d, length, b64 } = e as Record<string, unknown>;
  if (d !== dtype) throw new TypeError(`${what}: expected dtype ${dtype}, got ${String(d)}`);
  if (typeof length !== "number" || !Number.isInteger(length) || length < 0) throw new TypeError(`${what}: bad length`);
  if (typeof b64 !== "string") throw new TypeError(`${what}: b64 must be a string`);
  const bytes = Buffer.from(b64, "base64");
  const size = dtype === "f64" ? 8 : 4;
  if (bytes.length !== length * size) throw new TypeError(`${what}: ${bytes.length} bytes for ${length} values of ${dtype}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === "f64") {
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) out[i] = view.getFloat64(i * 8, true);
    return out;
  }
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getInt32(i * 4, true);
  return out;
}

export function decodeF64(e: unknown, what: string): Float64Array {
  return decode(e, "f64", what) as Float64Array;
}

export function decodeI32(e: unknown, what: string): Int32Array {
  return decode(e, "i32", what) as Int32Array;
}
