import os from "node:os";
import { defineCommand } from "citty";
import type { ServiceHost } from "../app/runner/service.ts";
import { scheduleRetrain, type ScheduleReport } from "../app/train/retrain-schedule.ts";
import { withExistingStore, withStore } from "../app/data/store.ts";
import { listRegistered, modelDir, promote, registeredModel, removeModel } from "../app/train/registry.ts";
import type { ModelRow } from "../adapters/sqlite/models-repo.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { parseEveryFlag, parsePlatformFlag, parseRetrainArgsFlag } from "./_service-flags.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

const idArg = { id: { type: "positional", description: "Model id (see robotrader models list)", required: true } } as const;
const f3 = (v: number | null) => (v === null ? "—" : v.toFixed(3));
const day = (t: number) => new Date(t).toISOString().replace("T", " ").slice(0, 16);
const rowJson = (m: ModelRow) => ({ ...m, createdAt: new Date(m.createdAt).toISOString() });

const list = defineCommand({
  meta: { name: "list", description: "Trained models, newest first (* marks the promoted one)" },
  args: { ...commonArgs, ...dataDirArg },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const rows = await withExistingStore(ctx.config, (db) => (db ? listRegistered(db) : []));
    if (ctx.json) return printJson({ models: rows.map(rowJson) });
    if (rows.length === 0) return printText("No models yet: robotrader train");
    printText(
      formatTable(
        ["", "ID", "MODEL", "AUC", "LABEL", "CV", "FEATURES", "SYMBOLS", "CREATED"],
        rows.map((m) => [m.promoted ? "*" : "", m.id, m.kind, f3(m.auc), m.label, m.cv, `${m.featureSpec} ${m.featureHash}`, m.symbols.join(",") || "csv", day(m.createdAt)]),
      ),
    );
  },
});

const show = defineCommand({
  meta: { name: "show", description: "One model: its scores, features, label, validation and files" },
  args: { ...commonArgs, ...idArg, ...dataDirArg },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const row = await withExistingStore(ctx.config, (db) => {
      if (!db) throw new UserError(`no model '${args.id}': the store is empty; robotrader train`);
      return registeredModel(db, args.id);
    });
    if (ctx.json) return printJson(rowJson(row));
    const metrics = row.metrics as Record<string, number | null>;
    printText(
      [
        `${row.id}${row.promoted ? " (promoted)" : ""}`,
        `model      ${row.kind}`,
        `created    ${day(row.createdAt)} by robotrader ${row.version}`,
        `features   ${row.featureSpec} (hash ${row.featureHash})`,
        `label      ${row.label}`,
        `symbols    ${row.symbols.join(", ") || "(csv)"}`,
        `validation ${row.cv}`,
        `scores     ${Object.entries(metrics).map(([k, v]) => `${k} ${typeof v === "number" ? (Number.isInteger(v) ? v : v.toFixed(4)) : "—"}`).join(", ")}`,
        `files      ${modelDir(ctx.config.dataDir, row)}`,
      ].join("\n"),
    );
  },
});

const promoteCmd = defineCommand({
  meta: { name: "promote", description: "Make this the model `--strategy ml` uses when no --model is given" },
  args: { ...commonArgs, ...idArg, ...dataDirArg },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const row = await withStore(ctx.config, (db) => promote(db, args.id));
    if (ctx.json) printJson({ promoted: row.id });
    else printText(`promoted ${row.id}`);
  },
});

const rm = defineCommand({
  meta: { name: "rm", description: "Delete a model (its row and its folder under data/models)" },
  args: { ...commonArgs, ...idArg, ...dataDirArg },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const row = await withStore(ctx.config, (db) => removeModel(db, ctx.config.dataDir, args.id));
    if (ctx.json) printJson({ removed: row.id });
    else printText(`removed ${row.id}${row.promoted ? " (it was the promoted model; none is promoted now)" : ""}`);
  },
});

function host(): ServiceHost {
  return { platform: process.platform, home: os.homedir(), uid: process.getuid?.() ?? 0, cwd: process.cwd(), execPath: process.execPath, mainPath: Bun.main, env: process.env };
}

const scheduleArgs = {
  ...commonArgs,
  platform: { type: "string", description: "launchd or systemd (default: this machine's)" },
  "dry-run": { type: "boolean", description: "Show the files and commands; write and run nothing" },
  ...dataDirArg,
} as const;

function scheduleText(r: ScheduleReport): string {
  const lines = [
    `${r.dryRun ? "Would " : ""}${r.action === "schedule" ? "schedule" : "remove"} model retraining (${r.kind})${r.everySeconds ? ` every ${r.everySeconds / 3600} h` : ""}${r.dryRun ? " (dry run: nothing written, nothing run)" : ""}`,
    ...(r.programArguments ? [`  runs: ${r.programArguments.join(" ")}`] : []),
    ...r.files.map((f) => `  file: ${f.path}`),
    ...r.steps.map((s) => `  $ ${s.command}${s.code === undefined ? "  (planned)" : s.code === 0 ? "" : `  (exit ${s.code}, tolerated)`}`),
  ];
  if (r.dryRun && r.action === "schedule") for (const f of r.files) lines.push("", `# ${f.path}`, f.text.trimEnd());
  return lines.join("\n");
}

const schedule = defineCommand({
  meta: { name: "schedule", description: "Retrain on a timer (systemd user timer / launchd interval): train ... --promote-if-better; trading never waits on it" },
  args: {
    ...scheduleArgs,
    every: { type: "string", description: "How often: 6h, 1d, 7d (default 1d)" },
    args: { type: "string", description: 'The train command line (default "train --promote-if-better"; --promote-if-better is added if missing)' },
  },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const r = await scheduleRetrain({ action: "schedule", everySeconds: parseEveryFlag(args.every), args: parseRetrainArgsFlag(args.args), platform: parsePlatformFlag(args.platform), dryRun: args["dry-run"] === true, dataDir: ctx.config.dataDir, configFile: ctx.configFile }, host());
    if (ctx.json) printJson(r);
    else printText(scheduleText(r));
  },
});

const unschedule = defineCommand({
  meta: { name: "unschedule", description: "Remove the retraining timer" },
  args: scheduleArgs,
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const r = await scheduleRetrain({ action: "unschedule", platform: parsePlatformFlag(args.platform), dryRun: args["dry-run"] === true, dataDir: ctx.config.dataDir }, host());
    if (ctx.json) printJson(r);
    else printText(scheduleText(r));
  },
});

export default defineCommand({
  meta: { name: "models", description: "The model registry: list, show, promote, rm; schedule retraining" },
  subCommands: { list, show, promote: promoteCmd, rm, schedule, unschedule },
});
