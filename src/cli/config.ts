import { defineCommand } from "citty";
import { findConfigFile } from "../config/discover.ts";
import type { LoadedConfig } from "../config/load.ts";
import { checkModeConsistency } from "../config/port-mode.ts";
import { ConfigError } from "../config/problem.ts";
import { configEntries, describeConfigFile, type ConfigEntry } from "../config/view.ts";
import { UserError } from "../core/errors.ts";
import { maskSecret } from "../log/mask.ts";
import { maskWebhookUrl, parseWebhookSpec } from "../config/webhook-spec.ts";
import { commonArgs } from "./_args.ts";
import { loadContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";

const maskedWebhook = (x: string) => {
  const parsed = parseWebhookSpec(x);
  return parsed.ok ? parsed.spec.shown : maskWebhookUrl(x);
};

const shownValue = (e: ConfigEntry): unknown => {
  if (!e.secret) return e.value;
  if (typeof e.value === "string") return maskSecret(e.value);
  // A list of secrets (notify.webhooks): each URL without its path and query.
  if (Array.isArray(e.value)) return e.value.map((x) => (typeof x === "string" ? maskedWebhook(x) : x));
  return e.value;
};

function asText(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (Array.isArray(value)) return value.some((x) => typeof x === "object" && x !== null) ? JSON.stringify(value) : value.join(",");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** The effective config as nested JSON with secrets masked. */
function maskedConfig(entries: readonly ConfigEntry[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    const parts = e.key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = shownValue(e) ?? null;
  }
  return out;
}

const show = defineCommand({
  meta: { name: "show", description: "Print the effective config, each value with its source; secrets masked" },
  args: { ...commonArgs },
  async run({ args }) {
    const { context: ctx, loaded } = await loadContext(args);
    const entries = configEntries(loaded);
    const checks = checkModeConsistency(loaded.config, loaded.sources);
    if (ctx.json) {
      printJson({
        file: loaded.file?.path ?? null,
        config: maskedConfig(entries),
        entries: entries.map((e) => ({ key: e.key, toml: e.toml, env: e.env, value: shownValue(e) ?? null, source: e.source, sourceLabel: e.sourceLabel })),
        checks: checks.map(({ kind, severity, message }) => ({ kind, severity, message })),
      });
      return;
    }
    const rows = entries.map((e) => [e.toml, asText(shownValue(e)), e.sourceLabel]);
    const lines = [`Config file: ${describeConfigFile(loaded.file)}`, "", formatTable(["KEY", "VALUE", "SOURCE"], rows)];
    if (checks.length > 0) lines.push("", ...checks.map((c) => `${c.severity}: ${c.message}`));
    printText(lines.join("\n"));
  },
});

const path = defineCommand({
  meta: { name: "path", description: "Print which robotrader.toml is in use (or that none is)" },
  args: { ...commonArgs },
  async run({ args }) {
    const file = await findConfigFile({ flag: args.config, env: process.env, cwd: process.cwd() });
    if (args.json) printJson({ file: file?.path ?? null, via: file?.via ?? null });
    else printText(describeConfigFile(file));
  },
});

const check = defineCommand({
  meta: { name: "check", description: "Validate the config (file, env, mode/port/account consistency); exit 2 on errors" },
  args: { ...commonArgs },
  async run({ args }) {
    let loaded: LoadedConfig;
    try {
      loaded = (await loadContext(args)).loaded;
    } catch (error) {
      if (!(error instanceof ConfigError) || !args.json) throw error;
      printJson({ ok: false, file: null, problems: error.problems.map(({ kind, message }) => ({ kind, severity: "error", message })) });
      process.exitCode = 2;
      return;
    }
    const checks = checkModeConsistency(loaded.config, loaded.sources);
    const errors = checks.filter((c) => c.severity === "error");
    if (args.json) {
      printJson({ ok: errors.length === 0, file: loaded.file?.path ?? null, problems: checks.map(({ kind, severity, message }) => ({ kind, severity, message })) });
      if (errors.length > 0) process.exitCode = 2;
      return;
    }
    for (const c of checks.filter((c) => c.severity === "warning")) printText(`warning: ${c.message}`);
    if (errors.length === 1) throw new UserError(errors[0]!.message);
    if (errors.length > 1) throw new UserError(`${errors.length} config problems:\n` + errors.map((c) => `  - ${c.message}`).join("\n"));
    printText(`OK: ${describeConfigFile(loaded.file)}`);
  },
});

export default defineCommand({
  meta: { name: "config", description: "Show, locate and check the configuration (robotrader.toml + ROBOTRADER_* env)" },
  args: { ...commonArgs },
  default: "show",
  subCommands: { show, path, check },
});
