// The status page: topic snapshots arrive over the WebSocket and are rendered as they come.
// Relative times ("12 s ago") are refreshed every second against the server's clock.
import { setupKillSwitch, setupTradeSearch } from "./actions.client.js";
import { byId, setText } from "./dom.client.js";
import * as f from "./format.client.js";
import { renderMetrics } from "./metrics.client.js";
import { renderAlerts, renderEquity, renderKpis, renderRuns, renderSignals } from "./panels.client.js";
import { renderPrices, resizePrices } from "./prices.client.js";
import { renderPerformance, renderRegime } from "./regime.client.js";
import { connectSocket } from "./socket.client.js";
import { renderCloseButtons, renderControl, setupControl } from "./control.client.js";
import { renderStatus } from "./status.client.js";
import { renderOrders, renderPositions, renderStrategies, renderTrades } from "./tables.client.js";

const state = {};
let offset = 0; // server clock - page clock
let lastUpdate = null;
const now = () => Date.now() + offset;

const running = () => state.status?.runner?.state === "running";
const known = (topic) => (state[topic] && state[topic].unavailable ? null : state[topic]);

// Each renderer takes its topic's data, or null when it is unknown (no database yet).
const RENDER = {
  status: (d) => {
    renderStatus(d, now());
    renderStrategies(d && !d.unavailable ? d.strategies : null);
    renderControl(d, now());
  },
  positions: (d) => {
    renderPositions(d, now(), known("status"));
    renderCloseButtons(known("status"), d);
  },
  orders: (d) => renderOrders(d, now()),
  trades: (d) => renderTrades(d, now()),
  equity: (d) => renderEquity(d),
  metrics: (d) => renderMetrics(d, now(), running()),
  signals: (d) => renderSignals(d, now()),
  alerts: (d) => renderAlerts(d, now()),
  runs: (d) => renderRuns(d, now()),
  regime: (d) => renderRegime(d),
  performance: (d) => renderPerformance(d),
  candles: (d) => renderPrices(d),
};

// Rendered again when another topic they read changes.
const ALSO = { status: ["positions"] };
const KPI_TOPICS = ["status", "equity", "trades", "positions", "orders"];

function render(topic) {
  if (state[topic] === undefined || !RENDER[topic]) return;
  try {
    // Without a database the status banner says why; the panels say "no data yet".
    if (topic === "status") RENDER.status(state.status);
    else RENDER[topic](known(topic));
    if (KPI_TOPICS.includes(topic)) renderKpis(state, now());
  } catch (error) {
    console.error(`render ${topic}: ${error.message}`);
  }
}

function onMessage(msg) {
  if (typeof msg.serverTime === "number") offset = msg.serverTime - Date.now();
  if (msg.type === "topic" && typeof msg.topic === "string") {
    state[msg.topic] = msg.data;
    lastUpdate = now();
    render(msg.topic);
    for (const other of ALSO[msg.topic] ?? []) render(other);
    // The history search shown is run again, so a new fill appears there too.
    if (msg.topic === "trades") tradeSearch.refresh();
    document.body.dataset[`topic${msg.topic[0].toUpperCase()}${msg.topic.slice(1)}`] = String(msg.serverTime);
  }
}

const SOCKET_TEXT = { live: "live", connecting: "connecting…", down: "reconnecting…" };

function onSocketState(s) {
  setText("socket", SOCKET_TEXT[s] ?? s, `socket ${s}`);
  document.body.dataset.socket = s;
}

function tick() {
  setText("clock", `${f.dateTime(now())}`);
  setText("data-age", lastUpdate ? `last update ${f.ago(lastUpdate, now())} · times are local unless marked ET` : "waiting for data…");
  for (const topic of ["status", "metrics"]) render(topic);
}

const tradeSearch = setupTradeSearch(now);
tradeSearch.search();
setupKillSwitch();
setupControl();
connectSocket({ onMessage, onState: onSocketState });
tick();
setInterval(tick, 1000);
window.addEventListener("resize", () => { render("equity"); render("metrics"); resizePrices(); });
byId("socket").addEventListener("click", () => location.reload());
