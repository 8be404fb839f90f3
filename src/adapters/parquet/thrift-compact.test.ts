import { describe, expect, test } from "bun:test";
import { deserializeTCompactProtocol } from "hyparquet/src/thrift.js";
import { T, thriftStruct } from "./thrift-compact.ts";

const read = (bytes: Uint8Array) => deserializeTCompactProtocol({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 });

describe("thrift compact writer", () => {
  test("hyparquet's reader gets back every kind of field the Parquet writer uses, short and long forms", () => {
    const items = Array.from({ length: 20 }, (_, i) => i - 10);
    const bytes = thriftStruct([
      [1, T.I32, -1],
      [2, T.I64, 2 ** 40 + 3],
      [3, T.TRUE, true],
      [4, T.TRUE, false],
      [5, T.BINARY, "time"],
      [7, T.I16, 300],
      [30, T.LIST, { of: T.I32, items }], // an id 23 past the last: the long field header
      [31, T.LIST, { of: T.BINARY, items: ["a", "bc"] }],
      [32, T.STRUCT, [[1, T.I32, 5], [9, T.LIST, { of: T.STRUCT, items: [[[1, T.STRUCT, []]]] }]]],
    ]);
    expect(read(bytes)).toEqual({
      field_1: -1,
      field_2: 2n ** 40n + 3n,
      field_3: true,
      field_4: false,
      field_5: new TextEncoder().encode("time"),
      field_7: 300,
      field_30: items,
      field_31: [new TextEncoder().encode("a"), new TextEncoder().encode("bc")],
      field_32: { field_1: 5, field_9: [{ field_1: {} }] },
    });
  });
});
