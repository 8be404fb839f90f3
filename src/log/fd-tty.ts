/**
 * Whether file descriptor 1 or 2 is a terminal, asked through `tty_wrap` without creating
 * `process.stdout` / `process.stderr`: creating one (Node's stream machinery) costs a few ms and
 * ~2 MB at start-up (docs/performance.md, "Cold start"). Undefined when this runtime does not
 * offer the binding: then ask the stream.
 */
export function fdIsTty(fd: 1 | 2): boolean | undefined {
  const binding = (process as unknown as { binding?: (name: string) => { isTTY?: (fd: number) => boolean } }).binding;
  try {
    const isTTY = binding?.("tty_wrap").isTTY;
    if (typeof isTTY === "function") return isTTY(fd);
  } catch {
    // not offered by this runtime
  }
  return undefined;
}
