// Generates test/fixtures/indicators/talib-reference.json: TA-Lib's own outputs for every
// indicator we share with it, on the first 300 embedded SPX bars and a small hand series.
// Not run in CI. How it was produced (Node 20, g++):
//   mkdir -p /tmp/talib-ref/nb && cd /tmp/talib-ref/nb && npm init -y && npm install talib@1.1.6
//   cd node_modules/talib && node src/lib/build.js    # builds TA-Lib 0.4 C sources -> src/lib/lib/*.a
//   TALIB_DIR=/tmp/talib-ref/nb/node_modules/talib/src/lib node scripts/gen-talib-reference.mjs
// The script compiles a small C harness against those static libraries and calls each function
// through TA-Lib's abstract API (defaults: compatibility DEFAULT, unstable period 0). Real inputs
// are close; CORREL/BETA (two real inputs) take high and low, TA-Lib's abstract defaults.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const taDir = process.env.TALIB_DIR ?? "/tmp/talib-ref/nb/node_modules/talib/src/lib";
const work = "/tmp/talib-ref/harness";
mkdirSync(work, { recursive: true });

const harness = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ta_libc.h"
#include "ta_abstract.h"
int main(int argc, char **argv) {
  int n; if (scanf("%d", &n) != 1) return 1;
  double *o = malloc(n*8), *h = malloc(n*8), *l = malloc(n*8), *c = malloc(n*8), *v = malloc(n*8);
  for (int i = 0; i < n; i++) if (scanf("%lf %lf %lf %lf %lf", &o[i], &h[i], &l[i], &c[i], &v[i]) != 5) return 1;
  TA_Initialize();
  for (int a = 1; a < argc; a++) {
    char spec[256]; strncpy(spec, argv[a], 255); spec[255] = 0;
    char *params = strchr(spec, ':'); if (params) *params++ = 0;
    const TA_FuncHandle *fh; if (TA_GetFuncHandle(spec, &fh) != TA_SUCCESS) { fprintf(stderr, "no func %s\n", spec); return 2; }
    const TA_FuncInfo *fi; TA_GetFuncInfo(fh, &fi);
    TA_ParamHolder *ph; TA_ParamHolderAlloc(fh, &ph);
    int realIdx = 0, nbReal = 0;
    for (unsigned i = 0; i < fi->nbInput; i++) {
      const TA_InputParameterInfo *pi; TA_GetInputParameterInfo(fh, i, &pi);
      if (pi->type == TA_Input_Real) nbReal++;
    }
    for (unsigned i = 0; i < fi->nbInput; i++) {
      const TA_InputParameterInfo *pi; TA_GetInputParameterInfo(fh, i, &pi);
      if (pi->type == TA_Input_Price) TA_SetInputParamPricePtr(ph, i, o, h, l, c, v, NULL);
      else if (pi->type == TA_Input_Real) { TA_SetInputParamRealPtr(ph, i, nbReal == 1 ? c : (realIdx == 0 ? h : l)); realIdx++; }
    }
    if (params && *params) {
      unsigned k = 0; char *tok = strtok(params, ",");
      while (tok) {
        const TA_OptInputParameterInfo *oi; TA_GetOptInputParameterInfo(fh, k, &oi);
        if (oi->type == TA_OptInput_RealRange || oi->type == TA_OptInput_RealList) TA_SetOptInputParamReal(ph, k, atof(tok));
        else TA_SetOptInputParamInteger(ph, k, atoi(tok));
        k++; tok = strtok(NULL, ",");
      }
    }
    double *outs[4];
    for (unsigned i = 0; i < fi->nbOutput; i++) { outs[i] = calloc(n, 8); TA_SetOutputParamRealPtr(ph, i, outs[i]); }
    int beg = 0, nb = 0;
    if (TA_CallFunc(ph, 0, n - 1, &beg, &nb) != TA_SUCCESS) { fprintf(stderr, "call %s failed\n", argv[a]); return 3; }
    printf("{\"call\":\"%s\",\"begIdx\":%d,\"outputs\":[", argv[a], beg);
    for (unsigned i = 0; i < fi->nbOutput; i++) {
      printf("%s[", i ? "," : "");
      for (int j = 0; j < nb; j++) printf("%s%.17g", j ? "," : "", outs[i][j]);
      printf("]");
    }
    printf("]}\n");
    TA_ParamHolderFree(ph);
  }
  TA_Shutdown();
  return 0;
}
`;
writeFileSync(path.join(work, "ref.c"), harness);
execFileSync("gcc", ["-O0", `-I${taDir}/include`, "ref.c", "-o", "ref",
  `${taDir}/lib/libta_abstract_csr.a`, `${taDir}/lib/libta_func_csr.a`, `${taDir}/lib/libta_common_csr.a`, "-lm"], { cwd: work });

// Our spec -> TA-Lib call (all optional inputs, TA-Lib order, MA types where TA-Lib puts them).
const CALLS = {
  sma_10: "SMA:10", sma_30: "SMA:30", ema_10: "EMA:10", ema_30: "EMA:30", wma_10: "WMA:10", wma_30: "WMA:30",
  dema_10: "DEMA:10", tema_10: "TEMA:10", trima_10: "TRIMA:10", trima_11: "TRIMA:11", kama_10: "KAMA:10", kama_30: "KAMA:30",
  "t3_5_0.7": "T3:5,0.7", "t3_10_0.5": "T3:10,0.5", ma_10_1: "MA:10,1", ma_10_6: "MA:10,6", ma_10_8: "MA:10,8",
  bbands_20_2_2: "BBANDS:20,2,2,0", bbands_5_1_3: "BBANDS:5,1,3,0", bbands_10_2_2_1: "BBANDS:10,2,2,1",
  macd_12_26_9: "MACD:12,26,9", macd_5_10_4: "MACD:5,10,4", macdfix_9: "MACDFIX:9",
  midpoint_14: "MIDPOINT:14", midprice_14: "MIDPRICE:14", "sar_0.02_0.2": "SAR:0.02,0.2", "sar_0.05_0.3": "SAR:0.05,0.3",
  rsi_14: "RSI:14", rsi_5: "RSI:5", cmo_14: "CMO:14", stoch_14_3_3: "STOCH:14,3,0,3,0", stoch_5_3_3_1_1: "STOCH:5,3,1,3,1",
  stochf_14_3: "STOCHF:14,3,0", stochrsi_14_14_3: "STOCHRSI:14,14,3,0", stochrsi_14_5_3: "STOCHRSI:14,5,3,0",
  willr_14: "WILLR:14", cci_14: "CCI:14", cci_20: "CCI:20", mfi_14: "MFI:14", mom_10: "MOM:10", roc_10: "ROC:10",
  rocp_10: "ROCP:10", rocr_10: "ROCR:10", rocr100_10: "ROCR100:10", trix_30: "TRIX:30", trix_9: "TRIX:9",
  ultosc_7_14_28: "ULTOSC:7,14,28", aroon_14: "AROON:14", aroon_25: "AROON:25", aroonosc_14: "AROONOSC:14",
  plus_dm_14: "PLUS_DM:14", minus_dm_14: "MINUS_DM:14", plus_di_14: "PLUS_DI:14", minus_di_14: "MINUS_DI:14",
  dx_14: "DX:14", adx_14: "ADX:14", adxr_14: "ADXR:14", adx_5: "ADX:5", apo_12_26: "APO:12,26,0", apo_12_26_1: "APO:12,26,1",
  ppo_12_26: "PPO:12,26,0", ppo_12_26_1: "PPO:12,26,1", bop: "BOP", atr_14: "ATR:14", natr_14: "NATR:14", trange: "TRANGE",
  stddev_5_1: "STDDEV:5,1", stddev_20_2: "STDDEV:20,2", var_5_1: "VAR:5,1", obv: "OBV", ad: "AD", adosc_3_10: "ADOSC:3,10",
  linearreg_14: "LINEARREG:14", linearreg_slope_14: "LINEARREG_SLOPE:14", linearreg_intercept_14: "LINEARREG_INTERCEPT:14",
  linearreg_angle_14: "LINEARREG_ANGLE:14", tsf_14: "TSF:14", correl_30: "CORREL:30", correl_10: "CORREL:10", beta_5: "BETA:5",
  max_30: "MAX:30", min_30: "MIN:30", sum_30: "SUM:30", medprice: "MEDPRICE", typprice: "TYPPRICE", wclprice: "WCLPRICE",
  avgprice: "AVGPRICE",
};

function spxBars(count) {
  const text = readFileSync(path.join(root, "node_modules/vega-datasets/data/sp500-2000.csv"), "utf8").trim().split(/\r?\n/);
  const header = text[0].split(",");
  const col = (n) => header.indexOf(n);
  return text.slice(1, count + 1).map((line) => {
    const f = line.split(",");
    return ["open", "high", "low", "close", "volume"].map((n) => Number(f[col(n)]));
  });
}

// A small hand series with flat bars, ties, h = l bars and reversals, for the edge cases.
const hand = [
  [10, 11, 9, 10.5, 100], [10.5, 12, 10, 11.5, 120], [11.5, 11.5, 11.5, 11.5, 80], [11.5, 13, 11, 12.5, 150],
  [12.5, 13, 12, 12, 90], [12, 12.5, 10.5, 11, 200], [11, 11, 9.5, 10, 180], [10, 10.5, 9, 9.5, 170],
  [9.5, 10, 9, 9.8, 60], [9.8, 11, 9.8, 10.9, 130], [10.9, 13, 10.9, 13, 250], [13, 13, 12, 12.2, 110],
  [12.2, 12.2, 12.2, 12.2, 0], [12.2, 14, 12, 13.8, 300], [13.8, 14, 13, 13.1, 140], [13.1, 13.5, 11, 11.2, 220],
  [11.2, 12, 10, 10.1, 260], [10.1, 10.1, 8, 8.5, 310], [8.5, 9.5, 8.2, 9.4, 150], [9.4, 10, 9, 9.9, 120],
  [9.9, 11, 9.8, 10.8, 100], [10.8, 11.5, 10.5, 11.4, 90], [11.4, 12, 11, 11.9, 95], [11.9, 12, 11.5, 11.6, 85],
  [11.6, 11.8, 10.9, 11, 105], [11, 11.2, 10.2, 10.3, 115], [10.3, 10.6, 9.9, 10.5, 75], [10.5, 11.4, 10.4, 11.3, 125],
  [11.3, 12.2, 11.2, 12.1, 135], [12.1, 12.9, 12, 12.8, 145], [12.8, 13.6, 12.7, 13.5, 155], [13.5, 13.6, 12.6, 12.7, 165],
  [12.7, 12.8, 11.8, 11.9, 175], [11.9, 12.4, 11.5, 12.3, 95], [12.3, 13.2, 12.2, 13.1, 185], [13.1, 13.9, 13, 13.8, 195],
  [13.8, 14.5, 13.7, 14.4, 205], [14.4, 14.6, 13.5, 13.6, 215], [13.6, 13.7, 12.5, 12.6, 225], [12.6, 13, 12.1, 12.9, 235],
];

function run(rows) {
  const input = `${rows.length}\n${rows.map((r) => r.join(" ")).join("\n")}\n`;
  const out = execFileSync(path.join(work, "ref"), Object.values(CALLS), { input, maxBuffer: 1 << 28 }).toString().trim().split("\n");
  const specs = Object.keys(CALLS);
  const result = {};
  out.forEach((line, i) => {
    const r = JSON.parse(line);
    result[specs[i]] = { begIdx: r.begIdx, outputs: r.outputs };
  });
  return result;
}

const spx = spxBars(300);
const columns = (rows) => Object.fromEntries(["open", "high", "low", "close", "volume"].map((n, k) => [n, rows.map((r) => r[k])]));
const fixture = {
  source: "TA-Lib 0.4 C sources from npm talib@1.1.6, abstract API, compatibility DEFAULT, unstable period 0; see scripts/gen-talib-reference.mjs",
  series: {
    spx300: { bars: columns(spx), calls: run(spx) },
    hand: { bars: columns(hand), calls: run(hand) },
  },
};
const file = path.join(root, "test/fixtures/indicators/talib-reference.json");
writeFileSync(file, JSON.stringify(fixture));
console.log(`wrote ${file}: ${Object.keys(CALLS).length} calls x 2 series`);
