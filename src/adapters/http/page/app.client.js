// The status page: topic snapshots arrive over the WebSocket and are rendered as they come.
// Relative times ("12 s ago") are refreshed every second against the server's clock.
import { setupKillSwitch, setupTradeSearch } from "./actions.client.js";
import { byId, setText } from "./dom.client.js";
import * as f from "./format.client.js";
import { renderMetrics } from "./metrics.client.js";
import { renderAlerts, renderEquity, renderKpis, renderRuns, renderSignals } from "./panels.client.js";
import { connectSocket } from "./socket.client.js";
import { renderStatus } from "./status.client.js";
import { renderOrders, renderPositions, renderTrades } from "./tables.client.js";

const state = {};
let offset = 0; // server clock - page clock
let lastUpdate = null;
const now = () => Date.now() + offset;

const RENDER = {
  status: (d) => renderStatus(d, now()),
  positions: (d) => renderPositions(d, now()),
  orders: (d) => renderOrders(d, now()),
  trades: (d) => renderTrades(d, now()),
  equity: (d) => renderEquity(d),
  metrics: (d) => renderMetrics(d, now()),
  signals: (d) => renderSignals(d, now()),
  alerts: (d) => renderAlerts(d, now()),
  runs: (d) => renderRuns(d, now()),
};

const EMPTY = {
  positions: [], orders: { open: [], recent: [], refused: [] }, trades: { day: "—", today: [], recent: [], realizedToday: null },
  equity: { latest: null, points: [], count: 0 }, metrics: { latest: null, latency: {}, throughput: {} }, signals: [], alerts: [], runs: [],
};

function render(topic) {
  const data = state[topic];
  if (data === undefined || !RENDER[topic]) return;
  try {
    // Without a database the status banner says why; the panels show their empty state.
    RENDER[topic](data && data.unavailable ? EMPTY[topic] : data);
    if (["status", "equity", "trades", "positions"].includes(topic)) renderKpis(state, now());
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

setupTradeSearch(now)();
setupKillSwitch();
connectSocket({ onMessage, onState: onSocketState });
tick();
setInterval(tick, 1000);
window.addEventListener("resize", () => { render("equity"); render("metrics"); });
byId("socket").addEventListener("click", () => location.reload());
