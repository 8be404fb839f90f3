import { UserError } from "../../core/errors.ts";
import { intParam } from "../params.ts";
import type { ParamSpec, Strategy, StrategyContext, StrategyDefinition, StrategySetup } from "../types.ts";
import type { StreamingIndicator } from "../../indicators/types.ts";

export type SmaCrossParams = {
  readonly fast: number;
  readonly slow: number;
};

const FAST: ParamSpec = { name: "fast", description: "Fast SMA period (bars)", default: 10 };
const SLOW: ParamSpec = { name: "slow", description: "Slow SMA period (bars)", default: 30 };

/**
 * Long when SMA(fast) crosses above SMA(slow) on a close (fast > slow now, fast <= slow on
 * the bar before), flat again on the opposite cross; long-short reverses to short instead.
 * Orders are market orders, so they fill at the next bar's open.
 */
class SmaCross implements Strategy {
  readonly #fast: StreamingIndicator;
  readonly #slow: StreamingIndicator;
  #prevFast = NaN;
  #prevSlow = NaN;

  constructor(fast: StreamingIndicator, slow: StreamingIndicator) {
    this.#fast = fast;
    this.#slow = slow;
  }

  onBar(ctx: StrategyContext): void {
    const fast = this.#fast.value();
    const slow = this.#slow.value();
    const prevFast = this.#prevFast;
    const prevSlow = this.#prevSlow;
    this.#prevFast = fast;
    this.#prevSlow = slow;
    // NaN on either bar makes both comparisons false: no signal during warm-up.
    if (fast > slow && prevFast <= prevSlow) this.#goLong(ctx);
    else if (fast < slow && prevFast >= prevSlow) this.#goShortOrFlat(ctx);
  }

  #goLong(ctx: StrategyContext): void {
    const held = ctx.position();
    if (held > 0) return;
    const qty = -held + ctx.entryQty();
    if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "market", tif: "day" });
  }

  #goShortOrFlat(ctx: StrategyContext): void {
    const held = ctx.position();
    if (held < 0) return;
    const qty = held + (ctx.direction === "long-short" ? ctx.entryQty() : 0);
    if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "sell", qty, type: "market", tif: "day" });
  }
}

export const smaCross: StrategyDefinition<SmaCrossParams> = {
  name: "sma-cross",
  description: "SMA crossover: long when SMA(fast) crosses above SMA(slow), out (or short) on the opposite cross",
  params: [FAST, SLOW],
  parseParams(raw) {
    const fast = intParam("sma-cross", raw, FAST);
    const slow = intParam("sma-cross", raw, SLOW);
    if (fast >= slow) throw new UserError(`strategy sma-cross: --fast must be less than --slow, got fast=${fast} slow=${slow}`);
    if (fast < 2) throw new UserError(`strategy sma-cross: --fast must be at least 2 (an SMA of 1 bar is the price), got ${fast}`);
    return { fast, slow };
  },
  create(params: SmaCrossParams, setup: StrategySetup): Strategy {
    return new SmaCross(setup.indicator(`sma_${params.fast}`), setup.indicator(`sma_${params.slow}`));
  },
};
