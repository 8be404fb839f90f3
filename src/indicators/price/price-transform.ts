import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import type { IndicatorDef } from "../_def.ts";

type Kind = "medprice" | "typprice" | "wclprice" | "avgprice";

/** One-bar price transforms, in TA-Lib's arithmetic order. */
export class PriceTransform extends IndicatorBase {
  readonly #kind: Kind;

  constructor(id: string, kind: Kind) {
    super(id, ["value"], 0);
    this.#kind = kind;
  }

  update(bar: BarInput): number {
    const { open, high, low, close } = bar;
    let v: number;
    switch (this.#kind) {
      case "medprice": v = (high + low) / 2.0; break;
      case "typprice": v = (high + low + close) / 3.0; break;
      case "wclprice": v = (high + low + close * 2.0) / 4.0; break;
      case "avgprice": v = (high + low + close + open) / 4; break;
    }
    this.out[0] = v;
    return v;
  }

  protected clear(): void {}
}

function transformDef(kind: Kind, title: string, inputs: string): IndicatorDef {
  return { name: kind, title, inputs, params: [], outputs: ["value"], create: (id) => new PriceTransform(id, kind) };
}

export const medpriceDef = transformDef("medprice", "Median Price (h+l)/2", "high, low");
export const typpriceDef = transformDef("typprice", "Typical Price (h+l+c)/3", "high, low, close");
export const wclpriceDef = transformDef("wclprice", "Weighted Close Price (h+l+2c)/4", "high, low, close");
export const avgpriceDef = transformDef("avgprice", "Average Price (o+h+l+c)/4", "open, high, low, close");
