/**
 * Runs `close` on SIGINT / SIGTERM (and aborts the returned signal), so the IB socket is
 * closed cleanly on every exit path; the caller still closes in `finally` for normal ends
 * and errors. Sets process.exitCode 130 / 143 as a shell expects. Dispose when done.
 */
export function closeOnSignals(close: () => Promise<void> | void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    process.exitCode = sig === "SIGINT" ? 130 : 143;
    controller.abort(new Error(`stopped by ${sig}`));
    void Promise.resolve(close()).catch(() => {});
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
