import { readFileSync } from "node:fs";
if (process.argv[2] === "bt") await import("./cli/backtest.ts");
const sm = readFileSync("/proc/self/smaps", "utf8").split("\n");
const agg = new Map<string, number>(); let cur = "";
for (const l of sm) { const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(l); if (m) { cur = m[1] || "[anon]"; continue; } const r = /^Rss:\s+(\d+)/.exec(l); if (r) agg.set(cur, (agg.get(cur) ?? 0) + Number(r[1])); }
console.log([...agg].filter(([, v]) => v > 200).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join("\n"));
