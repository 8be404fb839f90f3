/** What a long-running command reports progress to. */
export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly done: () => void;
}

const WIDTH = 30;
const DELAY_MS = 300;

/**
 * A one-line progress bar on a terminal stream, drawn only when the stream is a TTY and the
 * work has taken longer than a moment (short runs print nothing). `enabled` overrides TTY detection.
 */
export function progressBar(stream: NodeJS.WriteStream, enabled?: boolean): Progress {
  const on = enabled ?? Boolean(stream.isTTY);
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
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(pct).padStart(3)}% `);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}
