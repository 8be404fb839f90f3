import type { LoadedConfig } from "../config/load.ts";
import { loadConfigWhenNeeded } from "../config/load-when-needed.ts";
import type { AppConfig } from "../config/schema.ts";
import type { ConfigSource } from "../config/source.ts";
import { parseWebhookSpec } from "../config/webhook-spec.ts";
import { parseLogFormat } from "../log/log-format.ts";
import { createLogger, type Logger } from "../log/logger.ts";

/** What every command starts from: the effective config and a logger (stderr). */
export interface CommandContext {
  readonly config: AppConfig;
  readonly log: Logger;
  readonly json: boolean;
  /** Where each config value came from (dotted camelCase key), for explanations. */
  readonly sources?: ReadonlyMap<string, ConfigSource>;
  /** The robotrader.toml in use, if any. */
  readonly configFile?: string;
}

export interface ContextArgs {
  json?: boolean | undefined;
  config?: string | undefined;
  "log-format"?: string | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}

/** The configured secrets the logger must mask wherever they appear. */
export function configSecrets(config: AppConfig): string[] {
  const webhooks = config.notify.webhooks.flatMap((w) => {
    const parsed = parseWebhookSpec(w);
    return parsed.ok ? [w, parsed.spec.url, ...parsed.spec.secrets] : [w];
  });
  return [config.gateway.accountId, config.dashboard.token, ...webhooks].filter((s): s is string => s !== undefined);
}

/**
 * Builds the context from the common flags: robotrader.toml (--config, $ROBOTRADER_CONFIG,
 * ./robotrader.toml, data/robotrader.toml) < ROBOTRADER_* env < `overrides`.
 * `overrides` are a command's own flags that map onto config keys, as dotted camelCase
 * paths: { "gateway.port": args.port }; undefined values are skipped, strings are parsed
 * like env values. `flagNames` says how each was typed ({ "gateway.port": "--port" }) so
 * errors and `config show` name the real flag. Throws UserError (exit 2) on bad config.
 */
export async function commandContext(
  args: ContextArgs,
  overrides: Record<string, unknown> = {},
  flagNames: Readonly<Record<string, string>> = {},
): Promise<CommandContext> {
  return (await loadContext(args, overrides, flagNames)).context;
}

/** commandContext plus the full load result (file, sources, warnings), for `config show`. */
export async function loadContext(
  args: ContextArgs,
  overrides: Record<string, unknown> = {},
  flagNames: Readonly<Record<string, string>> = {},
): Promise<{ context: CommandContext; loaded: LoadedConfig }> {
  const format = parseLogFormat(args["log-format"]);
  const loaded = await loadConfigWhenNeeded({ configPath: args.config, overrides, flagNames });
  const log = createLogger({ format, quiet: args.quiet, verbose: args.verbose, secrets: configSecrets(loaded.config) });
  for (const warning of loaded.warnings) log.warn(warning);
  const context: CommandContext = {
    config: loaded.config,
    log,
    json: Boolean(args.json),
    sources: loaded.sources,
    ...(loaded.file ? { configFile: loaded.file.path } : {}),
  };
  return { context, loaded };
}
