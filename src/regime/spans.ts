export interface RegimeSpan {
  readonly state: number;
  readonly label: string;
  /** Time of the span's first and last bar. */
  readonly from: number;
  readonly to: number;
  readonly bars: number;
}

/** Runs of the same state, oldest first; unknown bars (state -1) start no span. */
export function regimeSpans(steps: readonly { readonly time: number; readonly state: number }[], labels: readonly string[]): RegimeSpan[] {
  const spans: RegimeSpan[] = [];
  let open: { state: number; from: number; to: number; bars: number } | undefined;
  const close = () => {
    if (open) spans.push({ ...open, label: labels[open.state]! });
    open = undefined;
  };
  for (const step of steps) {
    if (open && step.state === open.state) {
      open.to = step.time;
      open.bars++;
      continue;
    }
    close();
    if (step.state >= 0) open = { state: step.state, from: step.time, to: step.time, bars: 1 };
  }
  close();
  return spans;
}
