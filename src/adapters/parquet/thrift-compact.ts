/**
 * Thrift's compact protocol, writing side only, for Parquet's page headers and footer
 * (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md).
 * A struct is written as its fields in increasing id order, then a stop byte.
 */
export const T = { TRUE: 1, FALSE: 2, I16: 4, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

/** A field: id, compact type, value (a struct's value is its fields). */
export type Field =
  | readonly [id: number, type: typeof T.I16 | typeof T.I32 | typeof T.I64, value: number]
  | readonly [id: number, type: typeof T.TRUE, value: boolean]
  | readonly [id: number, type: typeof T.BINARY, value: string | Uint8Array]
  | readonly [id: number, type: typeof T.STRUCT, value: readonly Field[]]
  | readonly [id: number, type: typeof T.LIST, value: ThriftList];

export type ThriftList =
  | { readonly of: typeof T.I32; readonly items: readonly number[] }
  | { readonly of: typeof T.BINARY; readonly items: readonly string[] }
  | { readonly of: typeof T.STRUCT; readonly items: readonly (readonly Field[])[] };

const text = new TextEncoder();

/** A struct's bytes. Numbers must be integers within 2^53 (sizes and counts). */
export function thriftStruct(fields: readonly Field[]): Uint8Array {
  const out: number[] = [];
  writeStruct(out, fields);
  return Uint8Array.from(out);
}

function writeStruct(out: number[], fields: readonly Field[]): void {
  let last = 0;
  for (const [id, type, value] of fields) {
    const wire = type === T.TRUE ? (value ? T.TRUE : T.FALSE) : type;
    if (id > last && id - last <= 15) out.push(((id - last) << 4) | wire);
    else {
      out.push(wire);
      varint(out, zigzag(id));
    }
    last = id;
    if (type !== T.TRUE) writeValue(out, type, value as never);
  }
  out.push(0);
}

function writeValue(out: number[], type: number, value: number | string | Uint8Array | readonly Field[] | ThriftList): void {
  if (type === T.I16 || type === T.I32 || type === T.I64) varint(out, zigzag(value as number));
  else if (type === T.BINARY) {
    const bytes = typeof value === "string" ? text.encode(value) : (value as Uint8Array);
    varint(out, bytes.length);
    for (const b of bytes) out.push(b);
  } else if (type === T.STRUCT) writeStruct(out, value as readonly Field[]);
  else {
    const list = value as ThriftList;
    const n = list.items.length;
    if (n < 15) out.push((n << 4) | list.of);
    else {
      out.push(0xf0 | list.of);
      varint(out, n);
    }
    for (const item of list.items) writeValue(out, list.of, item);
  }
}

/** Zigzag as a non-negative number (exact for |n| < 2^52). */
function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function varint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}
