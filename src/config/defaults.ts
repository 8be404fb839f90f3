import type { AppConfig } from "./schema.ts";

/**
 * What the schema makes of an empty config (v.parse(AppConfigSchema, {})), written out so that a
 * run with nothing configured does not load the schema: building it and its keys costs ~10 ms of
 * CPU and ~5 MB at start-up. defaults.test.ts checks both against the schema, key order included.
 */
export function defaultConfig(): AppConfig {
  return {
    mode: "paper",
    symbols: ["AAPL", "NVDA", "TSLA", "IXHL", "NUAI", "BZAI", "ELTP", "OPEN", "CEG", "VRT", "PLTR", "UPST", "TEM", "HTFL", "SDGR", "APLD", "SOFI", "CORZ", "WULF"],
    dataDir: "data",
    gateway: { host: "127.0.0.1", port: 4002, clientId: 17, handshakeTimeoutMs: 5000 },
    risk: {
      maxOpenPositions: 10,
      maxPositionValue: 10000,
      maxDailyTradesPerSymbol: 4,
      stopLossPct: 5,
      takeProfitPct: 10,
      trailingStopPct: 0,
      dailyLossLimit: 1000,
      maxPositionPct: 25,
      maxOrderValue: 10000,
      duplicateWindowMinutes: 5,
      killSwitchAllowsReducing: true,
      correlationThreshold: 0.7,
    },
    circuitBreaker: { failureThreshold: 5, coolDownMs: 60000 },
    data: { outlierSigma: 8, outlierMinMovePct: 3, maxAgeMs: 120000 },
    run: {
      strategy: "sma-cross",
      barSize: "5m",
      sessions: ["regular"],
      cancelOnShutdown: false,
      qty: 0,
      cashPerTrade: 5000,
      commission: "ib-fixed",
      slippageBps: 0,
      reconcileIntervalS: 60,
      ackTimeoutS: 10,
    },
    strategy: { params: {} },
    strategies: [],
    dashboard: { host: "127.0.0.1", port: 5555 },
    notify: { webhooks: [] },
  };
}

/** Every config key's dotted path, in schema order (CONFIG_KEYS' paths). */
export const CONFIG_PATHS: readonly string[] = [
  "mode", "symbols", "dataDir",
  "gateway.host", "gateway.port", "gateway.clientId", "gateway.accountId", "gateway.handshakeTimeoutMs",
  "risk.maxOpenPositions", "risk.maxPositionValue", "risk.maxDailyTradesPerSymbol", "risk.stopLossPct", "risk.takeProfitPct",
  "risk.trailingStopPct", "risk.dailyLossLimit", "risk.maxPositionPct", "risk.maxOrderValue", "risk.duplicateWindowMinutes",
  "risk.killSwitchAllowsReducing", "risk.maxCorrelatedExposurePct", "risk.correlationThreshold",
  "circuitBreaker.failureThreshold", "circuitBreaker.coolDownMs",
  "data.outlierSigma", "data.outlierMinMovePct", "data.maxAgeMs",
  "run.strategy", "run.barSize", "run.sessions", "run.cancelOnShutdown", "run.qty", "run.cashPerTrade", "run.commission",
  "run.slippageBps", "run.reconcileIntervalS", "run.ackTimeoutS",
  "strategy.name", "strategy.params", "strategies",
  "dashboard.host", "dashboard.port", "dashboard.token",
  "notify.webhooks",
];
