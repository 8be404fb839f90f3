/**
 * JavaScriptCore's JIT while a short command starts (docs/performance.md, "Start-up of a short run").
 *
 * Most of what a command runs before its work (module top levels, argument parsing, config,
 * setup) and all of a short backtest (a few thousand bars) runs once or a few thousand times:
 * compiling it costs more than it saves. On the shared 2-core VM a 2,000-bar CSV backtest took a
 * third less CPU with JavaScriptCore's tier-up thresholds scaled up (`Bun.unsafe.setJITPolicy`):
 * the code stays in the interpreter. A run of tens of thousands of bars or more, and every other
 * command (run, serve, train, ...), needs the JIT at its normal policy: they call normalJit()
 * before their work. Worker threads have VMs of their own and start at the normal policy.
 */
const START_UP_SCALE = 1000;

/** Bars from which a backtest compiles again (between 30k and 100k the interpreter stops paying). */
export const JIT_FROM_BARS = 30_000;

let scaled = false;

const setPolicy = (scale: number): boolean => {
  const unsafe = Bun.unsafe as { setJITPolicy?: (scale: number) => void };
  if (typeof unsafe.setJITPolicy !== "function") return false;
  unsafe.setJITPolicy(scale);
  return true;
};

/** The start-up policy: JIT thresholds scaled up until normalJit(). */
export function startUpJit(): void {
  scaled = setPolicy(START_UP_SCALE);
}

/** Back to JavaScriptCore's normal JIT policy (no-op when it is already). */
export function normalJit(): void {
  if (scaled) scaled = !setPolicy(1);
}
