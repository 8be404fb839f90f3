/**
 * The page cache's writes not yet on disk (/proc/meminfo Dirty and Writeback), and flushing
 * them. An fsync on ext4 (data=ordered) commits the filesystem journal, and that commit waits
 * for the data of every file written back in it: hundreds of MB written by earlier bench
 * sections reach the disk ~30 s later (vm.dirty_expire_centisecs), in the middle of the live
 * session, where one group commit then waited 62-67 ms behind them (docs/performance.md, live).
 */
import { readFileSync } from "node:fs";

/** Dirty and Writeback in MB, or undefined off Linux. */
export function pendingWrites(): { dirtyMb: number; writebackMb: number } | undefined {
  let text: string;
  try {
    text = readFileSync("/proc/meminfo", "utf8");
  } catch {
    return undefined;
  }
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
  return { dirtyMb: kb("Dirty") / 1024, writebackMb: kb("Writeback") / 1024 };
}

export function pendingText(p = pendingWrites()): string {
  return p ? `Dirty ${p.dirtyMb.toFixed(0)} MB, Writeback ${p.writebackMb.toFixed(0)} MB` : "Dirty/Writeback unknown";
}

/** `sync`: every write still in the page cache goes to disk now; returns how long it took. */
export function flushWrites(): number {
  const t = performance.now();
  Bun.spawnSync(["sync"]);
  return performance.now() - t;
}
