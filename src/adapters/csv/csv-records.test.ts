import { describe, expect, test } from "bun:test";
import { readCsv } from "./csv-records.ts";

describe("readCsv", () => {
  test("splits plain lines, drops a BOM, CRLF and blank lines, keeps line numbers", () => {
    const { records, errors } = readCsv("\uFEFFa,b\r\n1,2\r\n\r\n3,4");
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 4, fields: ["3", "4"] },
    ]);
  });

  test("reads quoted fields with commas, doubled quotes and newlines; line numbers stay true", () => {
    const { records } = readCsv('"Date","Open"\n"2020-01-02","1,5"\n"say ""hi""","x\ny"\nlast,1\n');
    expect(records).toEqual([
      { line: 1, fields: ["Date", "Open"] },
      { line: 2, fields: ["2020-01-02", "1,5"] },
      { line: 3, fields: ['say "hi"', "x\ny"] },
      { line: 5, fields: ["last", "1"] },
    ]);
  });

  test("an unclosed quote or a stray quote is a syntax error at its line", () => {
    expect(readCsv('a,b\n1,"2\n3,4').errors).toEqual([{ line: 2, message: "a quoted field opened on line 2 is never closed" }]);
    expect(readCsv('a,b\n1,x"y"\n').errors[0]?.line).toBe(2);
  });
});
