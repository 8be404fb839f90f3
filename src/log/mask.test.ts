import { describe, expect, test } from "bun:test";
import { maskSecret, maskText } from "./mask.ts";

describe("maskSecret", () => {
  test("keeps the first four characters", () => {
    expect(maskSecret("DU1234567")).toBe("DU12****");
    expect(maskSecret("U7654321")).toBe("U765****");
    expect(maskSecret("abcdefghijklmnopqrst")).toBe("abcd****");
  });

  test("short values keep less, so they are not shown whole", () => {
    expect(maskSecret("abcd")).toBe("ab****");
    expect(maskSecret("ab")).toBe("a****");
    expect(maskSecret("")).toBe("");
  });
});

describe("maskText", () => {
  test("masks account ids found anywhere in text", () => {
    expect(maskText("account DU1234567 connected; live U7654321, advisor F1234567")).toBe(
      "account DU12**** connected; live U765****, advisor F123****",
    );
  });

  test("leaves ordinary words and numbers alone", () => {
    expect(maskText("AAPL 4002 order 12345 UPST U2 DUE")).toBe("AAPL 4002 order 12345 UPST U2 DUE");
  });

  test("masks registered secrets wherever they appear, even inside other words", () => {
    const token = "s3cr3t-t0ken-abcdefgh";
    expect(maskText(`GET /api?token=${token}&x=1`, [token])).toBe("GET /api?token=s3cr****&x=1");
    expect(maskText(`acct=XDU1234567`, ["DU1234567"])).toBe("acct=XDU12****");
  });

  test("a secret containing another is masked whole", () => {
    expect(maskText("abcdefghijklmnop", ["efgh", "abcdefghijklmnop"])).toBe("abcd****");
  });
});
