import type { IndicatorDef } from "./_def.ts";
import { gapDef, logretDef, rvolDef } from "./custom/returns.ts";
import { volzDef } from "./custom/volume-zscore.ts";
import { apoDef, ppoDef } from "./momentum/apo.ts";
import { aroonDef, aroonoscDef } from "./momentum/aroon.ts";
import { bopDef } from "./momentum/bop.ts";
import { cciDef } from "./momentum/cci.ts";
import { adxDef, adxrDef, dxDef, minusDiDef, minusDmDef, plusDiDef, plusDmDef } from "./momentum/directional.ts";
import { mfiDef } from "./momentum/mfi.ts";
import { momDef, rocDef, rocpDef, rocr100Def, rocrDef } from "./momentum/roc.ts";
import { cmoDef, rsiDef } from "./momentum/rsi.ts";
import { stochDef, stochfDef } from "./momentum/stoch.ts";
import { stochrsiDef } from "./momentum/stochrsi.ts";
import { trixDef } from "./momentum/trix.ts";
import { ultoscDef } from "./momentum/ultosc.ts";
import { willrDef } from "./momentum/willr.ts";
import { bbandsDef } from "./overlap/bbands.ts";
import { demaDef } from "./overlap/dema.ts";
import { emaDef } from "./overlap/ema.ts";
import { kamaDef } from "./overlap/kama.ts";
import { maDef } from "./overlap/ma.ts";
import { macdDef, macdfixDef } from "./overlap/macd.ts";
import { midpointDef, midpriceDef } from "./overlap/midpoint.ts";
import { sarDef } from "./overlap/sar.ts";
import { smaDef } from "./overlap/sma.ts";
import { t3Def } from "./overlap/t3.ts";
import { temaDef } from "./overlap/tema.ts";
import { trimaDef } from "./overlap/trima.ts";
import { wmaDef } from "./overlap/wma.ts";
import { avgpriceDef, medpriceDef, typpriceDef, wclpriceDef } from "./price/price-transform.ts";
import { betaDef } from "./statistic/beta.ts";
import { correlDef } from "./statistic/correl.ts";
import { linearregAngleDef, linearregDef, linearregInterceptDef, linearregSlopeDef, tsfDef } from "./statistic/linearreg.ts";
import { maxDef, minDef, sumDef } from "./statistic/window.ts";
import { atrDef, natrDef, trangeDef } from "./volatility/atr.ts";
import { stddevDef, varDef } from "./volatility/variance.ts";
import { adDef, adoscDef } from "./volume/ad.ts";
import { obvDef } from "./volume/obv.ts";

/** Every indicator robotrader knows, in display order (overlap, momentum, volatility, volume, statistic, price, custom). */
export const INDICATORS: readonly IndicatorDef[] = [
  smaDef, emaDef, wmaDef, demaDef, temaDef, trimaDef, kamaDef, t3Def, maDef, bbandsDef, macdDef, macdfixDef,
  midpointDef, midpriceDef, sarDef,
  rsiDef, cmoDef, stochDef, stochfDef, stochrsiDef, willrDef, cciDef, mfiDef, momDef, rocDef, rocpDef, rocrDef,
  rocr100Def, trixDef, ultoscDef, aroonDef, aroonoscDef, plusDmDef, minusDmDef, plusDiDef, minusDiDef, dxDef,
  adxDef, adxrDef, apoDef, ppoDef, bopDef,
  atrDef, natrDef, trangeDef, stddevDef, varDef,
  obvDef, adDef, adoscDef,
  linearregDef, linearregSlopeDef, linearregInterceptDef, linearregAngleDef, tsfDef, correlDef, betaDef,
  maxDef, minDef, sumDef,
  medpriceDef, typpriceDef, wclpriceDef, avgpriceDef,
  logretDef, rvolDef, volzDef, gapDef,
];
