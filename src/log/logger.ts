import { createConsola, type ConsolaInstance, type LogObject } from "consola/core";
import type { LogFormat } from "./log-format.ts";
import { maskText } from "./mask.ts";
import { fdIsTty } from "./fd-tty.ts";

export type { LogFormat } from "./log-format.ts";
export type Logger = ConsolaInstance;

export interface LoggerOptions {
  /** undefined: pretty on a TTY, JSON lines otherwise. */
  format?: LogFormat | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
  /** Values to mask besides account-id-looking words: the configured account id and tokens. */
  secrets?: readonly string[] | undefined;
  /** Where log lines go; stderr by default so stdout stays clean for --json. */
  stream?: { write(text: string): unknown; isTTY?: boolean } | undefined;
}

const LEVEL_NAMES: Record<number, string> = { 0: "error", 1: "warn", 2: "log", 3: "info", 4: "debug", 5: "trace" };
const COLORS: Record<string, string> = { fatal: "31", error: "31", warn: "33", success: "32", debug: "90", trace: "90" };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

function formatArg(arg: unknown): string {
  if (arg instanceof Error) return arg.stack ?? arg.message;
  if (typeof arg === "string") return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

/** Masks every string inside a value, keys included, so structured data is as safe as text. */
function maskDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, secrets));
  if (value instanceof Error) return maskText(value.stack ?? value.message, secrets);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskText(k, secrets), maskDeep(v, secrets)]));
  }
  return value;
}

/** log.info("order sent", { symbol: "AAPL" }): the trailing plain object becomes `data`. */
function split(args: readonly unknown[]): { text: string; data: unknown } {
  const last = args.at(-1);
  if (args.length > 1 && isPlainObject(last)) return { text: args.slice(0, -1).map(formatArg).join(" "), data: last };
  return { text: args.map(formatArg).join(" "), data: undefined };
}

/**
 * The one logger factory. Logs go to stderr: readable on a TTY, JSON lines otherwise
 * (or with --log-format json). Account ids and the given secrets are masked in both.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  // process.stderr is made on the first line logged: a run that logs nothing does not pay for it.
  const given = options.stream;
  const isTty = given ? Boolean(given.isTTY) : (fdIsTty(2) ?? Boolean(process.stderr.isTTY));
  const format: LogFormat = options.format ?? (isTty ? "pretty" : "json");
  const level = options.quiet ? 1 : options.verbose ? 4 : 3;
  const secrets = options.secrets ?? [];
  const color = isTty && format === "pretty" && !process.env.NO_COLOR;
  const write = (line: string) => (given ?? process.stderr).write(line + "\n");

  const reporter = {
    log(logObj: LogObject) {
      const { text, data } = split(logObj.args);
      const msg = maskText(text, secrets);
      const safeData = data === undefined ? undefined : maskDeep(data, secrets);
      if (format === "json") {
        const levelName = logObj.type === "fatal" ? "fatal" : (LEVEL_NAMES[logObj.level] ?? logObj.type);
        write(
          JSON.stringify({
            time: logObj.date.toISOString(),
            level: levelName,
            ...(logObj.tag ? { tag: logObj.tag } : {}),
            msg,
            ...(safeData === undefined ? {} : { data: safeData }),
          }),
        );
        return;
      }
      const label = ["log", "info"].includes(logObj.type) ? "" : logObj.type.toUpperCase();
      const code = COLORS[logObj.type];
      const shownLabel = label && color && code ? `\x1b[${code}m${label}\x1b[0m ` : label ? `${label} ` : "";
      const tag = logObj.tag ? `[${logObj.tag}] ` : "";
      const tail = safeData === undefined ? "" : " " + JSON.stringify(safeData);
      write(`${logObj.date.toISOString().slice(11, 19)} ${shownLabel}${tag}${msg}${tail}`);
    },
  };
  // throttle 0: consola would otherwise hold back repeated lines on a timer, and a trading log must not.
  return createConsola({ level, reporters: [reporter], throttle: 0 });
}
