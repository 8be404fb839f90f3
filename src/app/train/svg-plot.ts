export interface PlotLine {
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  readonly color: string;
  readonly label: string;
  readonly dash?: boolean;
  readonly points?: boolean;
}

export interface PlotSpec {
  readonly lines: readonly PlotLine[];
  readonly width: number;
  readonly height: number;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** x values are epoch ms: ticks show years. */
  readonly xTime?: boolean;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** A small inline SVG line plot with axes and a legend; non-finite points are skipped. */
export function svgPlot(p: PlotSpec): string {
  const m = { l: 50, r: 10, t: 10, b: 40 };
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const l of p.lines) {
    for (let i = 0; i < l.xs.length; i++) {
      const x = l.xs[i]!, y = l.ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
    }
  }
  if (!(x1 > x0)) (x0 = 0), (x1 = 1);
  if (!(y1 > y0)) (y0 = 0), (y1 = 1);
  const w = p.width - m.l - m.r, h = p.height - m.t - m.b;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * w;
  const sy = (y: number) => m.t + h - ((y - y0) / (y1 - y0)) * h;
  const ticks = (a: number, b: number) => Array.from({ length: 5 }, (_, k) => a + ((b - a) * k) / 4);
  const fmtX = (x: number) => (p.xTime ? new Date(x).toISOString().slice(0, 7) : x.toFixed(2));
  const parts: string[] = [];
  for (const t of ticks(x0, x1)) parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.t}" y2="${m.t + h}" stroke="#eee"/><text x="${sx(t)}" y="${m.t + h + 14}" text-anchor="middle">${fmtX(t)}</text>`);
  for (const t of ticks(y0, y1)) parts.push(`<line x1="${m.l}" x2="${m.l + w}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/><text x="${m.l - 4}" y="${sy(t) + 4}" text-anchor="end">${t.toFixed(2)}</text>`);
  p.lines.forEach((l, k) => {
    const pts: string[] = [];
    const step = Math.max(1, Math.floor(l.xs.length / 1500));
    for (let i = 0; i < l.xs.length; i += step) {
      const x = l.xs[i]!, y = l.ys[i]!;
      if (Number.isFinite(x) && Number.isFinite(y)) pts.push(`${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
    }
    if (l.points) for (const pt of pts) parts.push(`<circle cx="${pt.split(",")[0]}" cy="${pt.split(",")[1]}" r="3" fill="${l.color}"/>`);
    parts.push(`<polyline fill="none" stroke="${l.color}" stroke-width="1.5"${l.dash ? ' stroke-dasharray="4 3"' : ""} points="${pts.join(" ")}"/>`);
    parts.push(`<rect x="${m.l + 8}" y="${m.t + 6 + k * 14}" width="10" height="3" fill="${l.color}"/><text x="${m.l + 22}" y="${m.t + 10 + k * 14}">${esc(l.label)}</text>`);
  });
  if (p.xLabel) parts.push(`<text x="${m.l + w / 2}" y="${p.height - 6}" text-anchor="middle">${esc(p.xLabel)}</text>`);
  if (p.yLabel) parts.push(`<text transform="translate(12 ${m.t + h / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}" viewBox="0 0 ${p.width} ${p.height}"><rect x="${m.l}" y="${m.t}" width="${w}" height="${h}" fill="none" stroke="#ccc"/>${parts.join("")}</svg>`;
}
