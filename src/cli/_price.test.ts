import { expect, test } from "bun:test";
import { money } from "../core/money.ts";
import { formatPrice } from "./_price.ts";

test("prices show 2 to 4 decimals, rounded half-up, never IB's full float", () => {
  expect(formatPrice(money("150.35123456789"))).toBe("150.3512");
  expect(formatPrice(money("150.35"))).toBe("150.35");
  expect(formatPrice(money("150"))).toBe("150.00");
  expect(formatPrice(money("0.12345"))).toBe("0.1235");
  expect(formatPrice(money("99.999999"))).toBe("100.00");
  expect(formatPrice(money("12.3"))).toBe("12.30");
  expect(formatPrice(money("12.345"))).toBe("12.345");
});
