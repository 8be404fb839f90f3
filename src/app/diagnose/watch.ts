import { diagnoseGateway, type DiagnoseOptions, type DiagnoseReport } from "./diagnose.ts";

/** What changed between two reports, as short lines ("tcp: ok -> fail"). */
export function reportChanges(before: DiagnoseReport | undefined, after: DiagnoseReport): string[] {
  if (!before) return [`verdict ${after.verdict}`];
  const changes: string[] = [];
  if (before.verdict !== after.verdict) changes.push(`verdict: ${before.verdict} -> ${after.verdict}`);
  for (const c of after.checks) {
    const old = before.checks.find((b) => b.id === c.id);
    if (old && old.status !== c.status) changes.push(`${c.id}: ${old.status} -> ${c.status} (${c.detail})`);
  }
  return changes;
}

/**
 * A connection monitor: diagnoses every `everyMs` until `signal` aborts, calling `onReport`
 * with each report and what changed since the last one. Returns the last report.
 */
export async function watchGateway(
  options: DiagnoseOptions,
  everyMs: number,
  signal: AbortSignal,
  onReport: (report: DiagnoseReport, changes: string[]) => void,
): Promise<DiagnoseReport | undefined> {
  let last: DiagnoseReport | undefined;
  while (!signal.aborted) {
    const report = await diagnoseGateway({ ...options, signal });
    if (signal.aborted) break; // a probe cut short by Ctrl-C is no news
    onReport(report, reportChanges(last, report));
    last = report;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, everyMs);
      signal.addEventListener("abort", () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
  return last;
}
