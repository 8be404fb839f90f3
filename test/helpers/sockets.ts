import { readFileSync } from "node:fs";

/** TCP states in /proc/net/tcp{,6} (hex). */
export const TCP_STATES: Record<string, string> = {
  "01": "ESTABLISHED",
  "02": "SYN_SENT",
  "03": "SYN_RECV",
  "04": "FIN_WAIT1",
  "05": "FIN_WAIT2",
  "06": "TIME_WAIT",
  "07": "CLOSE",
  "08": "CLOSE_WAIT",
  "09": "LAST_ACK",
  "0A": "LISTEN",
  "0B": "CLOSING",
};

export interface SocketRow {
  readonly localPort: number;
  readonly remotePort: number;
  readonly state: string;
  readonly inode: number;
}

/** Sockets from the Linux socket table; empty on systems without /proc (tests then check nothing). */
export function tcpSockets(): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const local = f[1]!.split(":");
      const remote = f[2]!.split(":");
      rows.push({
        localPort: parseInt(local[1] ?? "0", 16),
        remotePort: parseInt(remote[1] ?? "0", 16),
        state: TCP_STATES[f[3]!.toUpperCase()] ?? f[3]!,
        inode: Number(f[9]),
      });
    }
  }
  return rows;
}

export const hasProcNet = (): boolean => {
  try {
    readFileSync("/proc/net/tcp", "utf8");
    return true;
  } catch {
    return false;
  }
};

/** Sockets in CLOSE_WAIT on either end of a connection with `port` (state 08). */
export function closeWaitOn(port: number): SocketRow[] {
  return tcpSockets().filter((s) => s.state === "CLOSE_WAIT" && (s.localPort === port || s.remotePort === port));
}

/**
 * Waits (polling, bounded) until no socket touching `port` is in CLOSE_WAIT; returns what is
 * left. A closing peer needs a moment to process FIN, so an immediate read could flake.
 */
export async function settleCloseWait(port: number, timeoutMs = 2000): Promise<SocketRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = closeWaitOn(port);
    if (left.length === 0 || Date.now() > deadline) return left;
    await Bun.sleep(20);
  }
}
