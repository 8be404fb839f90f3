import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { RollingMoments } from "../_rolling-moments.ts";

/**
 * Volume z-score: (volume − mean)/sample stdev of the n bars *before* this one, so a spike is
 * measured against the volume that preceded it; 0 when that stdev is 0. Lookback n.
 */
export class VolumeZScore extends IndicatorBase {
  readonly #moments: RollingMoments;

  constructor(id: string, period: number) {
    super(id, ["value"], period);
    this.#moments = new RollingMoments(period);
  }

  update(bar: BarInput): number {
    const m = this.#moments;
    let v = NaN;
    if (m.full) {
      const sd = Math.sqrt(m.variance());
      v = sd > 0 ? (bar.volume - m.mean()) / sd : 0;
      this.out[0] = v;
    }
    m.push(bar.volume);
    return v;
  }

  protected clear(): void {
    this.#moments.reset();
  }
}

export const volzDef: IndicatorDef = {
  name: "volz",
  title: "Volume z-score against the previous n bars",
  inputs: "volume",
  params: [periodParam(20, 2)],
  outputs: ["value"],
  create: (id, [n]) => new VolumeZScore(id, n!),
};
