import { createConsola, type ConsolaInstance, type LogObject } from "consola";
import { maskText } from "./mask.ts";

export type LogFormat = "pretty" | "json";
export type Logger = ConsolaInstance;

export interface LoggerOptions {
  format?: LogFormat | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
  /** Extra secrets (tokens) to mask besides account ids. */
  secrets?: readonly string[] | undefined;
  /** Where log lines go; stderr by default so stdout stays clean for --json. */
  stream?: NodeJS.WritableStream | undefined;
}

const LEVEL_NAMES: Record<number, string> = { 0: "error", 1: "warn", 2: "log", 3: "info", 4: "debug", 5: "trace" };

function formatArg(arg: unknown): string {
  if (arg instanceof Error) return arg.stack ?? arg.message;
  if (typeof arg === "string") return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/**
 * The one logger factory. Logs go to stderr: readable on a TTY, JSON lines otherwise
 * (or with --log-format json). Account ids and registered secrets are masked in both.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const isTty = Boolean((stream as { isTTY?: boolean }).isTTY);
  const format: LogFormat = options.format ?? (isTty ? "pretty" : "json");
  const level = options.quiet ? 1 : options.verbose ? 4 : 3;
  const secrets = options.secrets ?? [];
  const write = (line: string) => stream.write(line + "\n");

  const reporter = {
    log(logObj: LogObject) {
      const message = maskText(logObj.args.map(formatArg).join(" "), secrets);
      if (format === "json") {
        write(
          JSON.stringify({
            time: logObj.date.toISOString(),
            level: LEVEL_NAMES[logObj.level] ?? logObj.type,
            ...(logObj.tag ? { tag: logObj.tag } : {}),
            msg: message,
          }),
        );
      } else {
        const tag = logObj.tag ? `[${logObj.tag}] ` : "";
        const type = logObj.type === "log" ? "" : `${logObj.type.toUpperCase()} `;
        write(`${logObj.date.toISOString().slice(11, 19)} ${type}${tag}${message}`);
      }
    },
  };
  return createConsola({ level, reporters: [reporter] });
}
