// Draws the report's interactive charts with the inlined Lightweight Charts: candles with volume
// and trade marks per symbol, P&L by day. Data sits in <script type="application/json"> beside each div.
(function () {
  const L = window.LightweightCharts;
  const UP = "#16a34a";
  const DOWN = "#dc2626";
  const base = (el, height) => ({
    width: el.clientWidth || 900,
    height,
    layout: { background: { color: "#ffffff" }, textColor: "#374151", fontSize: 11 },
    grid: { vertLines: { color: "#f1f3f5" }, horzLines: { color: "#f1f3f5" } },
    rightPriceScale: { borderColor: "#d1d5db" },
    timeScale: { borderColor: "#d1d5db", timeVisible: true, secondsVisible: false },
  });
  const data = (el) => JSON.parse(document.getElementById(el.id + "-data").textContent);
  const charts = [];
  const SHAPES = {
    B: { position: "belowBar", shape: "arrowUp", color: UP, text: "B" },
    S: { position: "aboveBar", shape: "arrowDown", color: DOWN, text: "S" },
    W: { position: "aboveBar", shape: "circle", color: "#2563eb", text: "x" },
    L: { position: "aboveBar", shape: "circle", color: "#b45309", text: "x" },
  };

  for (const el of document.querySelectorAll("div.lwc.candles")) {
    const d = data(el);
    const chart = L.createChart(el, base(el, 380));
    const candles = chart.addSeries(L.CandlestickSeries, { upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN });
    candles.setData(d.t.map((time, i) => ({ time, open: d.o[i], high: d.h[i], low: d.l[i], close: d.c[i] })));
    const volume = chart.addSeries(L.HistogramSeries, { priceFormat: { type: "volume" }, priceScaleId: "volume", lastValueVisible: false, priceLineVisible: false });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
    volume.setData(d.t.map((time, i) => ({ time, value: d.v[i], color: d.c[i] >= d.o[i] ? "rgba(22,163,74,0.35)" : "rgba(220,38,38,0.35)" })));
    const marks = d.m.map(([time, kind]) => ({ time, ...SHAPES[kind] })).sort((a, b) => a.time - b.time);
    L.createSeriesMarkers(candles, marks);
    chart.timeScale().fitContent();
    el.dataset.ready = String(marks.length);
    charts.push([el, chart]);
  }

  for (const el of document.querySelectorAll("div.lwc.pnl-day")) {
    const d = data(el);
    const chart = L.createChart(el, { ...base(el, 240), timeScale: { borderColor: "#d1d5db" } });
    const bars = chart.addSeries(L.HistogramSeries, { priceFormat: { type: "price", precision: 2, minMove: 0.01 } });
    bars.setData(d.t.map((time, i) => ({ time, value: d.v[i], color: d.v[i] >= 0 ? UP : DOWN })));
    chart.timeScale().fitContent();
    el.dataset.ready = String(d.t.length);
    charts.push([el, chart]);
  }

  addEventListener("resize", () => {
    for (const [el, chart] of charts) chart.applyOptions({ width: el.clientWidth });
  });
})();
