import { UserError } from "../core/errors.ts";

/** --set period=30,lower=25 */
export function parseSet(value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  const out: Record<string, string> = {};
  for (const pair of value.split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UserError(`--set takes name=value pairs separated by commas, got '${pair}'`);
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}
