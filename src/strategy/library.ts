import type { StrategyDefinition } from "./api/public-types.ts";
import { bollingerBreakout, bollingerReversion } from "./library/bollinger.ts";
import { buyAndHold } from "./library/buy-and-hold.ts";
import { donchianBreakout } from "./library/donchian-breakout.ts";
import { macdCross } from "./library/macd-cross.ts";
import { momentumRotation } from "./library/momentum-rotation.ts";
import { rocMomentum } from "./library/roc-momentum.ts";
import { rsiReversion } from "./library/rsi-reversion.ts";
import { smaCross } from "./library/sma-cross.ts";

/** The built-in strategies, in the order `strategy list` shows them. A new one adds a line here. */
export const LIBRARY: readonly StrategyDefinition[] = [
  smaCross, buyAndHold, rsiReversion, bollingerReversion, bollingerBreakout, macdCross, donchianBreakout, rocMomentum, momentumRotation,
] as readonly StrategyDefinition[];
