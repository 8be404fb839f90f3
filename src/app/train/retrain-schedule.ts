import { chmod, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { retrainFiles, retrainInstallCommands, retrainRemoveCommands, type RetrainFile } from "../../adapters/service/retrain-timer.ts";
import { spawnExec, type Exec, type ServiceCommand, type ServiceKind } from "../../adapters/service/index.ts";
import { UserError } from "../../core/errors.ts";
import { configEnvironment, hostProgram, serviceKind, type ServiceHost } from "../runner/service.ts";

export interface ScheduleRequest {
  readonly action: "schedule" | "unschedule";
  /** How often, in seconds (the CLI's --every). */
  readonly everySeconds?: number | undefined;
  /** The train command line as words, starting with "train" (the CLI's --args). */
  readonly args?: readonly string[] | undefined;
  readonly platform?: ServiceKind | undefined;
  readonly dryRun: boolean;
  readonly dataDir: string;
  readonly configFile?: string | undefined;
}

export interface ScheduleReport {
  readonly action: ScheduleRequest["action"];
  readonly kind: string;
  readonly dryRun: boolean;
  readonly files: readonly RetrainFile[];
  readonly programArguments?: readonly string[];
  readonly everySeconds?: number;
  readonly steps: readonly { readonly command: string; readonly code?: number }[];
}

const shown = (argv: readonly string[]) => argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");

function run(commands: readonly ServiceCommand[], dryRun: boolean, exec: Exec): ScheduleReport["steps"] {
  return commands.map((c) => {
    if (dryRun) return { command: shown(c.argv) };
    const r = exec(c.argv);
    if (r.code !== 0 && !c.mayFail) throw new UserError(`models schedule: '${shown(c.argv)}' failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
    return { command: shown(c.argv), code: r.code };
  });
}

/**
 * Installs (or removes) a timer that runs `robotrader train ... --promote-if-better` every
 * `--every`: a systemd user timer with a oneshot service, or a launchd agent with StartInterval.
 * It is its own job beside the trading runner: trading never waits on it, and `run` picks the
 * newly promoted model up at its next start.
 */
export async function scheduleRetrain(req: ScheduleRequest, host: ServiceHost, exec: Exec = spawnExec): Promise<ScheduleReport> {
  const kind = serviceKind(req, host);
  if (req.action === "unschedule") {
    const files = retrainFiles(kind, { programArguments: ["robotrader"], workingDirectory: "/", everySeconds: 1, stdoutPath: "/", stderrPath: "/", environment: {} }, host.home);
    const steps = run(retrainRemoveCommands(kind, host.uid), req.dryRun, exec);
    if (!req.dryRun) for (const f of files) await rm(f.path, { force: true });
    return { action: req.action, kind, dryRun: req.dryRun, files, steps: [...steps, ...(kind === "systemd" ? run([{ argv: ["systemctl", "--user", "daemon-reload"], mayFail: true }], req.dryRun, exec) : [])] };
  }
  const everySeconds = req.everySeconds ?? 86_400;
  const args = [...(req.args ?? ["train", "--promote-if-better"])];
  if (!args.includes("--promote-if-better")) args.push("--promote-if-better");
  if (!args.includes("--quiet") && !args.includes("-q")) args.push("--quiet");
  const program = hostProgram(host);
  const logDir = path.resolve(host.cwd, req.dataDir, "logs");
  const files = retrainFiles(
    kind,
    {
      programArguments: [...program, ...args],
      workingDirectory: host.cwd,
      everySeconds,
      stdoutPath: path.join(logDir, "retrain.out.log"),
      stderrPath: path.join(logDir, "retrain.err.log"),
      environment: configEnvironment(host, req.configFile),
    },
    host.home,
  );
  if (!req.dryRun) {
    await mkdir(logDir, { recursive: true });
    for (const f of files) {
      await mkdir(path.dirname(f.path), { recursive: true });
      await Bun.write(f.path, f.text);
      await chmod(f.path, 0o644);
    }
  }
  const steps = run(retrainInstallCommands(kind, files, host.uid), req.dryRun, exec);
  return { action: req.action, kind, dryRun: req.dryRun, files, programArguments: [...program, ...args], everySeconds, steps };
}
