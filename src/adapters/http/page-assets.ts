import actions from "./page/actions.client.js" with { type: "text" };
import app from "./page/app.client.js" with { type: "text" };
import chart from "./page/chart.client.js" with { type: "text" };
import control from "./page/control.client.js" with { type: "text" };
import dom from "./page/dom.client.js" with { type: "text" };
import favicon from "./page/favicon.svg" with { type: "text" };
import format from "./page/format.client.js" with { type: "text" };
import indexHtml from "./page/index.html" with { type: "text" };
import metrics from "./page/metrics.client.js" with { type: "text" };
import panels from "./page/panels.client.js" with { type: "text" };
import prices from "./page/prices.client.js" with { type: "text" };
// TradingView Lightweight Charts (Apache-2.0), standalone build with its license header: sets window.LightweightCharts.
import lightweightCharts from "../../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js" with { type: "text" };
import regime from "./page/regime.client.js" with { type: "text" };
import socket from "./page/socket.client.js" with { type: "text" };
import status from "./page/status.client.js" with { type: "text" };
import style from "./page/style.css" with { type: "text" };
import tables from "./page/tables.client.js" with { type: "text" };

/**
 * The page, embedded in the binary as text (bun build --compile keeps imports): one HTML
 * file, one stylesheet, ES modules served under /js/ by their name without ".client".
 * Nothing is fetched from anywhere else.
 */
const JS = "text/javascript; charset=utf-8";
// bun-types declares *.html as an HTMLBundle; with type "text" it is the file's text.
const index = String(indexHtml);
const ASSETS: ReadonlyMap<string, { readonly body: string; readonly type: string }> = new Map([
  ["/", { body: index, type: "text/html; charset=utf-8" }],
  ["/index.html", { body: index, type: "text/html; charset=utf-8" }],
  ["/style.css", { body: style, type: "text/css; charset=utf-8" }],
  ["/favicon.svg", { body: favicon, type: "image/svg+xml" }],
  ["/js/lightweight-charts.js", { body: lightweightCharts, type: JS }],
  ...Object.entries({ actions, app, chart, control, dom, format, metrics, panels, prices, regime, socket, status, tables }).map(
    ([name, body]) => [`/js/${name}.js`, { body: body.replaceAll(".client.js\"", ".js\""), type: JS }] as const,
  ),
]);

export function pageAsset(pathname: string): { readonly body: string; readonly type: string } | undefined {
  return ASSETS.get(pathname);
}

export const PAGE_PATHS: readonly string[] = [...ASSETS.keys()];
