import { UserError } from "../core/errors.ts";
import { splitShellWords, type ServiceKind } from "../adapters/service/index.ts";

/** --platform: launchd or systemd; undefined means this machine's. */
export function parsePlatformFlag(text: string | undefined): ServiceKind | undefined {
  if (text === undefined) return undefined;
  if (text === "launchd" || text === "systemd") return text;
  throw new UserError(`--platform: expected launchd or systemd, got '${text}'`);
}

/** --args: the robotrader command line the service runs, as words (default "run"). */
export function parseServiceArgsFlag(text: string | undefined): string[] {
  const words = argsWords(text ?? "run");
  if (words.length === 0) throw new UserError(`--args: expected a robotrader command line such as "run --broker paper", got an empty string`);
  if (words[0] === "service") throw new UserError(`--args: the service must run the trader (e.g. "run --broker paper"), not '${words.join(" ")}'`);
  return words;
}

const UNITS: Record<string, number> = { m: 60, h: 3600, d: 86_400 };

/** --every: 6h, 1d, 7d (at least 10 minutes), in seconds. */
export function parseEveryFlag(text: string | undefined): number {
  const value = text ?? "1d";
  const m = /^(\d+)([mhd])$/.exec(value.trim());
  const seconds = m ? Number(m[1]) * UNITS[m[2]!]! : NaN;
  if (!(seconds >= 600)) throw new UserError(`--every must be a duration like 6h, 1d or 7d (at least 10m), got '${value}'`);
  return seconds;
}

/** --args of `models schedule`: a train command line, as words (default "train --promote-if-better"). */
export function parseRetrainArgsFlag(text: string | undefined): string[] {
  const words = argsWords(text ?? "train --promote-if-better");
  if (words[0] !== "train") throw new UserError(`--args: the schedule runs a train command line (e.g. "train --symbols SPX --label fwd-ret:5"), got '${words.join(" ")}'`);
  return words;
}

/** --args split as a shell would, a quoting mistake being a usage error. */
function argsWords(text: string): string[] {
  try {
    return splitShellWords(text);
  } catch (error) {
    throw new UserError(`--args: ${(error as Error).message}`);
  }
}
