import { chmod, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../core/errors.ts";
import {
  afterRemoveCommands,
  installCommands,
  serviceFilePath,
  serviceFileText,
  statusCommands,
  stopCommands,
  type ServiceCommand,
  type ServiceKind,
} from "./service-commands.ts";
import type { ServiceSpec } from "./service-spec.ts";

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command to completion. Replaceable so --dry-run and tests never touch launchd/systemd. */
export type Exec = (argv: readonly string[]) => CommandResult;

export const spawnExec: Exec = (argv) => {
  try {
    const p = Bun.spawnSync([...argv], { stdout: "pipe", stderr: "pipe" });
    return { code: p.exitCode ?? 1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
  } catch (error) {
    return { code: 127, stdout: "", stderr: error instanceof Error ? error.message : String(error) };
  }
};

export interface Step {
  readonly command: string;
  /** Absent when the step was only planned (--dry-run). */
  readonly result?: CommandResult;
}

export interface ServiceTarget {
  readonly kind: ServiceKind;
  readonly home: string;
  readonly uid: number;
  /** Plan only: write nothing, run nothing. */
  readonly dryRun: boolean;
  readonly exec: Exec;
}

export interface InstallResult {
  readonly file: string;
  readonly text: string;
  readonly logDir: string;
  readonly steps: readonly Step[];
}

const shown = (argv: readonly string[]) => argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");

function runAll(commands: readonly ServiceCommand[], target: ServiceTarget): Step[] {
  const steps: Step[] = [];
  for (const c of commands) {
    if (target.dryRun) {
      steps.push({ command: shown(c.argv) });
      continue;
    }
    const result = target.exec(c.argv);
    steps.push({ command: shown(c.argv), result });
    if (result.code !== 0 && !c.mayFail) {
      const output = (result.stderr || result.stdout).trim();
      throw new UserError(`service: '${shown(c.argv)}' failed (exit ${result.code})${output ? `: ${output}` : ""}`);
    }
  }
  return steps;
}

/** Writes the plist/unit (0644) and the log folder, then loads and starts the service. */
export async function installService(spec: ServiceSpec, target: ServiceTarget): Promise<InstallResult> {
  const file = serviceFilePath(target.kind, target.home);
  const text = serviceFileText(target.kind, spec);
  const logDir = path.dirname(spec.stdoutPath);
  if (!target.dryRun) {
    await mkdir(path.dirname(file), { recursive: true });
    await mkdir(logDir, { recursive: true });
    await Bun.write(file, text);
    await chmod(file, 0o644); // launchd ignores agents that others can write to
  }
  return { file, text, logDir, steps: runAll(installCommands(target.kind, file, target.uid), target) };
}

export interface UninstallResult {
  readonly file: string;
  readonly existed: boolean;
  readonly steps: readonly Step[];
}

/** Stops and unloads the service, then removes its file. Logs are kept. */
export async function uninstallService(target: ServiceTarget): Promise<UninstallResult> {
  const file = serviceFilePath(target.kind, target.home);
  const existed = await Bun.file(file).exists();
  const steps = runAll(stopCommands(target.kind, target.uid), target);
  if (!target.dryRun) await rm(file, { force: true });
  steps.push(...runAll(afterRemoveCommands(target.kind), target));
  return { file, existed, steps };
}

export interface StatusResult {
  readonly file: string;
  readonly installed: boolean;
  readonly steps: readonly Step[];
}

export async function serviceStatus(target: ServiceTarget): Promise<StatusResult> {
  const file = serviceFilePath(target.kind, target.home);
  const installed = await Bun.file(file).exists();
  return { file, installed, steps: installed ? runAll(statusCommands(target.kind, target.uid), target) : [] };
}
