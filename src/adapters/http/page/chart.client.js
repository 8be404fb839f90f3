// Hand-written SVG line charts: time on x, one or more series on y, light grid and labels.
const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** About `count` round tick values covering [lo, hi]. */
function ticks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

const pad2 = (n) => String(n).padStart(2, "0");
function timeLabel(ms, spanMs) {
  const d = new Date(ms);
  if (spanMs > 3 * 86400_000) return `${d.getMonth() + 1}/${d.getDate()}`;
  const hm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  return spanMs < 15 * 60_000 ? `${hm}:${pad2(d.getSeconds())}` : hm;
}

/**
 * Draws into `container`: series = [{ name, points: [[timeMs, value|null], ...] }], null values
 * break the line. `format(v)` labels the y axis. With no points, says `empty` instead.
 */
export function lineChart(container, { series, format = (v, digits) => v.toFixed(digits), empty = "no data yet", area = false, legend = true }) {
  if (!container) return;
  // The legend goes in first so its real height (it wraps on narrow cards) is taken off the plot's.
  const legendNode = legend && series.length > 1 ? legendOf(series) : null;
  container.replaceChildren(...(legendNode ? [legendNode] : []));
  const legendHeight = legendNode ? legendNode.offsetHeight + 4 : 0;
  const width = Math.max(240, container.clientWidth || 600);
  const height = Math.max(80, (container.clientHeight || 200) - legendHeight);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", width: "100%", height });
  const all = series.flatMap((s) => s.points.filter((p) => p[1] !== null && Number.isFinite(p[1])));
  if (all.length === 0) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, empty));
    container.replaceChildren(root);
    return;
  }
  const left = 64, right = 10, top = 8, bottom = 20;
  let [t0, t1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  if (t1 === t0) { t0 -= 30_000; t1 += 30_000; }
  let [v0, v1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  if (v1 === v0) { const d = Math.abs(v0) * 0.01 || 1; v0 -= d; v1 += d; }
  const padV = (v1 - v0) * 0.06; v0 -= padV; v1 += padV;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const y = (v) => top + (1 - (v - v0) / (v1 - v0)) * (height - top - bottom);
  const yTicks = ticks(v0, v1, 4);
  const step = yTicks.length > 1 ? yTicks[1] - yTicks[0] : Math.abs(v1 - v0) || 1;
  const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  for (const v of yTicks) {
    root.append(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "grid" }));
    root.append(svg("text", { x: left - 6, y: y(v) + 3, "text-anchor": "end", class: "axis" }, format(v, digits)));
  }
  const tSteps = Math.max(2, Math.min(6, Math.floor((width - left) / 90)));
  for (let i = 0; i <= tSteps; i++) {
    const t = t0 + ((t1 - t0) * i) / tSteps;
    root.append(svg("text", { x: x(t), y: height - 5, "text-anchor": i === 0 ? "start" : i === tSteps ? "end" : "middle", class: "axis" }, timeLabel(t, t1 - t0)));
  }
  series.forEach((s, i) => {
    // Unknown values are skipped, not drawn as zero; the line joins the known ones.
    let d = "";
    const known = s.points.filter((p) => p[1] !== null && Number.isFinite(p[1]));
    known.forEach(([t, v], k) => (d += `${k === 0 ? "M" : "L"}${x(t).toFixed(1)},${y(v).toFixed(1)}`));
    const cls = s.cls ?? `s${i}`;
    if (known.length <= 40) for (const [t, v] of known) root.append(svg("circle", { cx: x(t).toFixed(1), cy: y(v).toFixed(1), r: 2.2, class: `dot ${cls}` }));
    if (area && s.points.length > 1) {
      const pts = s.points.filter((p) => p[1] !== null);
      const base = y(Math.max(v0, Math.min(v1, pts[0][1])));
      root.append(svg("path", { d: `${d}L${x(pts.at(-1)[0]).toFixed(1)},${height - bottom}L${x(pts[0][0]).toFixed(1)},${height - bottom}Z`, class: `area ${cls}`, "data-base": base }));
    }
    root.append(svg("path", { d, class: `line ${cls}`, "data-series": s.name }));
  });
  container.replaceChildren(root, ...(legendNode ? [legendNode] : []));
}

function legendOf(series) {
  const div = document.createElement("div");
  div.className = "legend";
  series.forEach((s, i) => {
    const span = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.className = s.cls ?? `s${i}`;
    span.append(swatch, s.name);
    div.append(span);
  });
  return div;
}
