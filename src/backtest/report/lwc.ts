import lwc from "../../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js" with { type: "text" };

/**
 * TradingView Lightweight Charts (Apache-2.0), its standalone production build embedded as text
 * (`bun build --compile` keeps it): the report inlines it, no network at view time. Its own
 * license header stays at the top of the text.
 */
export const LIGHTWEIGHT_CHARTS: string = lwc;

/** The attribution its license asks for: shown wherever the charts are (report footer, page footer). */
export const LIGHTWEIGHT_CHARTS_NOTICE =
  'Charts: <a href="https://www.tradingview.com/">TradingView Lightweight Charts™</a>, Copyright (c) TradingView, Inc., Apache License 2.0.';
