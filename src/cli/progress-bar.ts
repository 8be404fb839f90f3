import { fdIsTty } from "../log/fd-tty.ts";

/** What a long-running command reports progress to. */
export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly done: () => void;
}

const WIDTH = 30;
const DELAY_MS = 300;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a TTY and the work has taken
 * longer than a moment (short runs print nothing). `enabled` overrides TTY detection. The stream
 * is made only to draw (a run that never draws does not create process.stderr).
 */
export function progressBar(enabled?: boolean, stderr: () => NodeJS.WriteStream = () => process.stderr): Progress {
  const on = enabled ?? fdIsTty(2) ?? Boolean(stderr().isTTY);
  const start = performance.now();
  let drawn = false;
  let lastPct = -1;
  return {
    update(done, total) {
      if (!on || total <= 0 || performance.now() - start < DELAY_MS) return;
      const pct = Math.min(100, Math.floor((done / total) * 100));
      if (pct === lastPct) return;
      lastPct = pct;
      const filled = Math.round((pct / 100) * WIDTH);
      stderr().write(`\r[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(pct).padStart(3)}% `);
      drawn = true;
    },
    done() {
      if (drawn) stderr().write("\r\x1b[K");
      drawn = false;
    },
  };
}
