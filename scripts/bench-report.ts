/**
 * What `bun run bench` reports: the machine, then per section its figures, each with the number,
 * its reference (measured in the same run, or a stated figure said to be one), the target and
 * whether it is met. Printed as text, or as one JSON document with `--json`.
 */
import { cpus, loadavg, release, totalmem, type as osType, arch } from "node:os";
import { readFileSync } from "node:fs";

export interface Reference {
  /** "bare compiled Bun program: 18 ms". */
  readonly text: string;
  /** "measured": in this run; "issue 14" / "stated": a figure quoted, not measured here. */
  readonly source: "measured" | "issue 14" | "stated";
  readonly value?: number;
}

export interface Target {
  readonly text: string;
  readonly met: boolean;
}

export interface Figure {
  readonly name: string;
  /** The number as shown ("0.42 s", "2.1x"), and the figure in its unit for --json. */
  readonly text: string;
  readonly value: number;
  readonly unit: string;
  /** CPU, peak memory, counts: shown on the line below. */
  readonly detail?: string | undefined;
  readonly reference?: Reference | undefined;
  readonly target?: Target | undefined;
  /** Other numbers for --json (wall, cpu, peak, ...). */
  readonly data?: Readonly<Record<string, number | string>> | undefined;
}

export interface SectionResult {
  readonly title: string;
  /** How it was measured (runs, sizes). */
  readonly how: string;
  readonly figures: readonly Figure[];
  /** Lines printed as they are (a sub-script's own table). */
  readonly notes?: readonly string[];
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly bun: string;
  readonly load: readonly number[];
}

export function machine(): Machine {
  let distro = "";
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";
  } catch {
    // not Linux
  }
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: cpus().length,
    memoryGb: totalmem() / 2 ** 30,
    os: `${osType()} ${release()} ${arch()}${distro ? ` (${distro})` : ""}`,
    bun: Bun.version,
    load: loadavg(),
  };
}

export const loadText = (load: readonly number[] = loadavg()) => load.map((x) => x.toFixed(2)).join(" ");

export function machineText(m: Machine): string {
  return `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb.toFixed(0)} GB; ${m.os}; Bun ${m.bun}; load average ${loadText(m.load)}`;
}

const verdict = (t: Target | undefined) => (t === undefined ? "" : t.met ? "PASS" : "FAIL");

/** The section as text lines. */
export function sectionText(s: SectionResult, load: string): string[] {
  const lines = [`${s.title} (${s.how}; load ${load})`];
  const w = Math.max(...s.figures.map((f) => f.name.length), 10);
  const v = Math.max(...s.figures.map((f) => f.text.length), 6);
  for (const f of s.figures) {
    const ref = f.reference ? `  ref: ${f.reference.text}${f.reference.source === "measured" ? " (measured now)" : ` (${f.reference.source}, not measured here)`}` : "";
    const target = f.target ? `  target ${f.target.text}: ${verdict(f.target)}` : "";
    lines.push(`  ${f.name.padEnd(w)}  ${f.text.padStart(v)}${ref}${target}`);
    if (f.detail) lines.push(`  ${"".padEnd(w)}  ${"".padStart(v)}  ${f.detail}`);
  }
  for (const n of s.notes ?? []) lines.push(`  ${n}`);
  return lines;
}

/** The closing tally: which targets passed and failed. */
export function summaryText(sections: readonly { readonly result?: SectionResult }[]): string {
  const targets = sections.flatMap((s) => s.result?.figures ?? []).filter((f) => f.target);
  const failed = targets.filter((f) => !f.target!.met).map((f) => f.name);
  return `Targets: ${targets.length - failed.length} of ${targets.length} met${failed.length ? `; missed: ${failed.join(", ")}` : ""}`;
}

export const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
export const mb = (x: number) => (Number.isNaN(x) ? "? MB" : `${x.toFixed(0)} MB`);
