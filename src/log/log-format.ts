import { UserError } from "../core/errors.ts";

export type LogFormat = "pretty" | "json";

export const LOG_FORMATS: readonly LogFormat[] = ["pretty", "json"];

/** Reads --log-format; undefined means "pick by TTY". */
export function parseLogFormat(value: string | undefined): LogFormat | undefined {
  if (value === undefined || value === "") return undefined;
  const wanted = value.trim().toLowerCase();
  const found = LOG_FORMATS.find((f) => f === wanted);
  if (!found) throw new UserError(`Invalid --log-format ${JSON.stringify(value)}, expected ${LOG_FORMATS.join(" or ")}`);
  return found;
}
