// Price panels: one candlestick chart per symbol of the newest run (bars as its engine consumed
// them, volume below, fills marked), drawn with the embedded Lightweight Charts (window.LightweightCharts).
import { byId, setText } from "./dom.client.js";

const UP = "#16a34a";
const DOWN = "#dc2626";
const panels = new Map(); // symbol -> { el, chart, candles, volume, markers }
let shownRun = null;

function panel(container, symbol) {
  const L = window.LightweightCharts;
  const el = document.createElement("div");
  el.className = "price-panel";
  el.dataset.symbol = symbol;
  const title = document.createElement("h3");
  title.textContent = symbol;
  const box = document.createElement("div");
  box.className = "price-chart";
  el.append(title, box);
  container.append(el);
  const chart = L.createChart(box, {
    width: box.clientWidth || 600,
    height: 260,
    // The logo injects a <style> the page's CSP refuses; the footer carries the attribution and link instead.
    layout: { background: { color: "transparent" }, textColor: "#6b7280", fontSize: 11, attributionLogo: false },
    grid: { vertLines: { color: "rgba(128,128,128,0.12)" }, horzLines: { color: "rgba(128,128,128,0.12)" } },
    timeScale: { timeVisible: true, secondsVisible: true },
  });
  const candles = chart.addSeries(L.CandlestickSeries, { upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN });
  candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });
  const volume = chart.addSeries(L.HistogramSeries, { priceFormat: { type: "volume" }, priceScaleId: "volume", lastValueVisible: false, priceLineVisible: false });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  const markers = L.createSeriesMarkers(candles, []);
  return { el, box, chart, candles, volume, markers };
}

// The chart library draws times as UTC; shifted by the local offset, its axis shows local time like the rest of the page.
const local = (sec) => sec - new Date(sec * 1000).getTimezoneOffset() * 60;

/** The candle a time falls in: the last one starting at or before it; undefined before the first. */
function candleAt(times, t) {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || t < times[0]) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return times[lo];
}

// A busy run records many bars a second: draw at most this often, with the newest data.
const MIN_DRAW_MS = 700;
let pending;
let lastDraw = 0;
let timer = null;

export function renderPrices(data) {
  pending = data;
  if (timer !== null) return;
  const wait = Math.max(0, lastDraw + MIN_DRAW_MS - Date.now());
  timer = setTimeout(() => {
    timer = null;
    lastDraw = Date.now();
    draw(pending);
  }, wait);
}

function draw(data) {
  const container = byId("price-panels");
  if (!container || !window.LightweightCharts) return;
  const symbols = data?.symbols ?? [];
  if (!data || data.runId !== shownRun) {
    for (const p of panels.values()) { p.chart.remove(); p.el.remove(); }
    panels.clear();
    shownRun = data?.runId ?? null;
  }
  setText("prices-hint", symbols.length === 0 ? "no run recorded yet" : `run ${data.runId}${data.barSize ? ` · ${data.barSize} bars` : ""} · scroll to zoom, drag to pan`);
  container.dataset.symbols = String(symbols.length);
  for (const s of symbols) {
    const p = panels.get(s.symbol) ?? panel(container, s.symbol);
    panels.set(s.symbol, p);
    const times = s.t.map((t) => local(Math.floor(t / 1000)));
    const candle = (i) => ({ time: times[i], open: s.o[i], high: s.h[i], low: s.l[i], close: s.c[i] });
    const volume = (i) => ({ time: times[i], value: s.v[i], color: s.c[i] >= s.o[i] ? "rgba(22,163,74,0.35)" : "rgba(220,38,38,0.35)" });
    // Appended bars (the usual case) go in with update(); anything else redraws the series.
    const from = p.lastTime === undefined ? -1 : times.indexOf(p.lastTime);
    if (from >= 0 && p.firstTime !== undefined && times[0] >= p.firstTime) {
      for (let i = from; i < times.length; i++) {
        p.candles.update(candle(i));
        p.volume.update(volume(i));
      }
    } else {
      p.candles.setData(times.map((_, i) => candle(i)));
      p.volume.setData(times.map((_, i) => volume(i)));
    }
    p.firstTime = times[0];
    p.lastTime = times[times.length - 1];
    const marks = [];
    for (const f of s.fills) {
      const time = candleAt(times, local(Math.floor(f.time / 1000)));
      if (time === undefined) continue;
      const buy = f.side === "buy";
      marks.push({ time, position: buy ? "belowBar" : "aboveBar", shape: buy ? "arrowUp" : "arrowDown", color: buy ? "#2563eb" : "#b45309", text: `${buy ? "B" : "S"} ${f.qty} @ ${f.price}` });
    }
    p.markers.setMarkers(marks);
    p.el.dataset.candles = String(times.length);
    p.el.dataset.last = String(p.lastTime ?? "");
    p.el.dataset.fills = String(marks.length);
  }
  for (const [symbol, p] of panels) {
    if (!symbols.some((s) => s.symbol === symbol)) { p.chart.remove(); p.el.remove(); panels.delete(symbol); }
  }
}

export function resizePrices() {
  for (const p of panels.values()) p.chart.applyOptions({ width: p.box.clientWidth });
}
