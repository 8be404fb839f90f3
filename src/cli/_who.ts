import { readFileSync } from "node:fs";
import os from "node:os";

/**
 * Who changed something from this machine's command line, for the record: "cli:alice@host".
 * Bun's os.userInfo() says "unknown" where $USER is unset (containers, services, sudo -i), so
 * the login name is looked up by uid in /etc/passwd, and the uid itself is the last resort.
 */
export function cliActor(env: Readonly<Record<string, string | undefined>> = process.env, passwd = "/etc/passwd"): string {
  return `cli:${userName(env, passwd)}@${os.hostname() || "unknown-host"}`;
}

function userName(env: Readonly<Record<string, string | undefined>>, passwd: string): string {
  const fromEnv = env.USER?.trim() || env.LOGNAME?.trim();
  if (fromEnv) return fromEnv;
  try {
    const name = os.userInfo().username;
    if (name && name !== "unknown") return name;
  } catch {
    // no passwd entry
  }
  const uid = process.getuid?.();
  if (uid === undefined) return "unknown";
  try {
    const line = readFileSync(passwd, "utf8").split("\n").find((l) => l.split(":")[2] === String(uid));
    const name = line?.split(":")[0];
    if (name) return name;
  } catch {
    // no readable /etc/passwd
  }
  return `uid${uid}`;
}
