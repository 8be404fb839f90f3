import * as v from "valibot";
import { AppConfigSchema, type AppConfig } from "../config/schema.ts";
import { createLogger, type LogFormat, type Logger } from "../log/logger.ts";

/** What every command starts from: the effective config and a logger (stderr). */
export interface CommandContext {
  readonly config: AppConfig;
  readonly log: Logger;
  readonly json: boolean;
}

export interface ContextArgs {
  json?: boolean | undefined;
  config?: string | undefined;
  "log-format"?: string | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}

/**
 * Builds the context from the common flags. `overrides` are a command's own flags that map
 * onto config keys, as dotted paths: { "gateway.port": 4002 }. They win over file and env.
 * TODO(config): file + ROBOTRADER_* env + flags with sources (issue 2, config helper).
 */
export async function commandContext(args: ContextArgs, overrides: Record<string, unknown> = {}): Promise<CommandContext> {
  void overrides;
  const config = v.parse(AppConfigSchema, {});
  const log = createLogger({
    format: args["log-format"] as LogFormat | undefined,
    quiet: args.quiet,
    verbose: args.verbose,
  });
  return { config, log, json: Boolean(args.json) };
}
