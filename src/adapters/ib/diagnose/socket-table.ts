import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** One TCP socket from the OS table. Addresses are printable ("127.0.0.1", "::1"). */
export interface TcpSocket {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly state: TcpState;
  readonly inode?: number;
  readonly pid?: number;
  readonly command?: string;
}

export type TcpState = "ESTABLISHED" | "SYN_SENT" | "SYN_RECV" | "FIN_WAIT1" | "FIN_WAIT2" | "TIME_WAIT" | "CLOSE" | "CLOSE_WAIT" | "LAST_ACK" | "LISTEN" | "CLOSING" | "UNKNOWN";

const STATES: Record<string, TcpState> = {
  "01": "ESTABLISHED", "02": "SYN_SENT", "03": "SYN_RECV", "04": "FIN_WAIT1", "05": "FIN_WAIT2", "06": "TIME_WAIT",
  "07": "CLOSE", "08": "CLOSE_WAIT", "09": "LAST_ACK", "0A": "LISTEN", "0B": "CLOSING",
};

/** "0100007F" -> "127.0.0.1"; 32-hex-digit IPv6 words are little-endian per 32 bits. */
export function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)].map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join(".");
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return bytes.slice(12).join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** Parses the text of /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string): TcpSocket[] {
  const out: TcpSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local, remote, st, inode] = [f[1]!, f[2]!, f[3]!, f[9]!];
    const [la, lp] = local.split(":");
    const [ra, rp] = remote.split(":");
    if (!la || !lp || !ra || !rp) continue;
    out.push({
      localAddress: decodeProcAddress(la),
      localPort: parseInt(lp, 16),
      remoteAddress: decodeProcAddress(ra),
      remotePort: parseInt(rp, 16),
      state: STATES[st.toUpperCase()] ?? "UNKNOWN",
      inode: Number(inode),
    });
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Linux: every TCP socket, v4 and v6; undefined where /proc/net/tcp is not readable. */
export function linuxTcpTable(procRoot = "/proc"): TcpSocket[] | undefined {
  const v4 = readText(`${procRoot}/net/tcp`);
  if (v4 === undefined) return undefined;
  return [...parseProcNetTcp(v4), ...parseProcNetTcp(readText(`${procRoot}/net/tcp6`) ?? "")];
}

/** Linux: which process holds each socket inode (from /proc/PID/fd links). Unreadable ones are skipped. */
export function linuxSocketOwners(inodes: ReadonlySet<number>, procRoot = "/proc"): Map<number, { pid: number; command: string }> {
  const owners = new Map<number, { pid: number; command: string }>();
  if (inodes.size === 0) return owners;
  let pids: string[] = [];
  try {
    pids = readdirSync(procRoot).filter((d) => /^\d+$/.test(d));
  } catch {
    return owners;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`${procRoot}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (!m || !inodes.has(Number(m[1]))) continue;
      const cmd = (readText(`${procRoot}/${pid}/cmdline`) ?? "").split("\0").filter(Boolean).join(" ");
      owners.set(Number(m[1]), { pid: Number(pid), command: cmd || `pid ${pid}` });
    }
    if (owners.size === inodes.size) break;
  }
  return owners;
}

/** macOS / BSD: `lsof -nP -iTCP:PORT -sTCP:CLOSE_WAIT` lines -> sockets (with pid and command). */
export function parseLsof(text: string): TcpSocket[] {
  const out: TcpSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    const name = f.find((x) => x.includes("->"));
    if (f.length < 9 || !name) continue;
    const [local, remote] = name.split("->");
    const split = (a: string) => {
      const i = a.lastIndexOf(":");
      return { addr: a.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(a.slice(i + 1)) };
    };
    const l = split(local!);
    const r = split(remote!);
    const state = /\((\w+)\)/.exec(line)?.[1] ?? "UNKNOWN";
    out.push({ localAddress: l.addr, localPort: l.port, remoteAddress: r.addr, remotePort: r.port, state: (state in reverse ? state : "UNKNOWN") as TcpState, pid: Number(f[1]), command: f[0]! });
  }
  return out;
}
const reverse = Object.fromEntries(Object.values(STATES).map((s) => [s, true]));

/**
 * Sockets in CLOSE_WAIT that touch `port` (ours to it as a client, or a local gateway's on it),
 * with the owning process where the OS tells. `supported` is false where no table was readable.
 */
export function closeWaitSockets(port: number): { supported: boolean; sockets: TcpSocket[] } {
  if (process.platform === "linux") {
    const table = linuxTcpTable();
    if (!table) return { supported: false, sockets: [] };
    const hits = table.filter((s) => s.state === "CLOSE_WAIT" && (s.remotePort === port || s.localPort === port));
    const owners = linuxSocketOwners(new Set(hits.map((s) => s.inode ?? -1)));
    return { supported: true, sockets: hits.map((s) => ({ ...s, ...owners.get(s.inode ?? -1) })) };
  }
  let lsof: ReturnType<typeof Bun.spawnSync>;
  try {
    lsof = Bun.spawnSync(["lsof", "-nP", `-iTCP:${port}`, "-sTCP:CLOSE_WAIT"], { stdout: "pipe", stderr: "ignore" });
  } catch {
    return { supported: false, sockets: [] };
  }
  if (lsof.exitCode !== 0 && (lsof.stdout?.length ?? 0) === 0) return { supported: lsof.exitCode === 1, sockets: [] };
  return { supported: true, sockets: parseLsof(lsof.stdout?.toString() ?? "") };
}
