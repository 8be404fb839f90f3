import path from "node:path";
import { UserError } from "../../core/errors.ts";
import {
  installService,
  SERVICE_LABEL,
  SERVICE_UNIT,
  serviceFilePath,
  serviceFileText,
  serviceKindFor,
  serviceStatus,
  spawnExec,
  uninstallService,
  type Exec,
  type ServiceKind,
  type ServiceSpec,
  type Step,
} from "../../adapters/service/index.ts";

/** Why KeepAlive / Restart=on-failure cannot make a restarted runner trade twice. */
export const RESTART_SAFETY = [
  "Restart after a crash is safe:",
  "  - every order is first written to SQLite as an intent with a deterministic key, sent to IB as orderRef;",
  "    a restarted runner asks the broker by that key and never re-sends an order the broker knows;",
  "  - at start it reconciles positions, open orders and executions (with commissions) with the broker,",
  "    so fills made while it was down are recovered and it never re-buys what it owns;",
  "  - one runner per account: a lock refuses a second runner and takes over only a stale lock left by a dead one.",
  "The service restarts only after a failure exit; a clean stop (exit 0, e.g. SIGTERM) stays stopped.",
].join("\n");

/** This process, as far as the service needs it; passed in so tests can fake a machine. */
export interface ServiceHost {
  readonly platform: string;
  readonly home: string;
  readonly uid: number;
  readonly cwd: string;
  readonly execPath: string;
  /** Bun.main: the entry script, or a /$bunfs/ path inside a compiled binary. */
  readonly mainPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface ServiceRequest {
  readonly action: "install" | "uninstall" | "status";
  readonly print: boolean;
  readonly dryRun: boolean;
  /** The robotrader command line the service runs, as words (e.g. ["run", "--broker", "paper"]). */
  readonly args: readonly string[];
  /** The service manager to write for; undefined: this machine's. */
  readonly platform?: ServiceKind | undefined;
  readonly dataDir: string;
  readonly configFile?: string | undefined;
}

export interface ServiceReport {
  readonly action: ServiceRequest["action"];
  readonly kind: ServiceKind;
  readonly file: string;
  readonly dryRun: boolean;
  readonly text?: string;
  readonly installed?: boolean;
  readonly programArguments?: readonly string[];
  readonly logs?: { readonly stdout: string; readonly stderr: string };
  readonly steps: readonly Step[];
  readonly notes: readonly string[];
}

const isCompiled = (mainPath: string) => mainPath.startsWith("/$bunfs/") || mainPath.includes("~BUN");

export function serviceKind(request: Pick<ServiceRequest, "platform">, host: Pick<ServiceHost, "platform">): ServiceKind {
  if (request.platform !== undefined) return request.platform;
  const kind = serviceKindFor(host.platform);
  if (!kind) throw new UserError(`service: supported on macOS (launchd) and Linux (systemd), not on '${host.platform}'`);
  return kind;
}

/** The command that starts this program again: the compiled binary itself, or bun and the entry script. */
export function hostProgram(host: Pick<ServiceHost, "mainPath" | "execPath" | "cwd">): string[] {
  return isCompiled(host.mainPath) ? [host.execPath] : [host.execPath, path.resolve(host.cwd, host.mainPath)];
}

/** ROBOTRADER_CONFIG for a job the service manager starts: the config file, absolute. */
export function configEnvironment(host: Pick<ServiceHost, "cwd" | "env">, configFile: string | undefined): Record<string, string> {
  const file = configFile ?? host.env.ROBOTRADER_CONFIG;
  return file ? { ROBOTRADER_CONFIG: path.resolve(host.cwd, file) } : {};
}

export function buildServiceSpec(request: ServiceRequest, host: ServiceHost): ServiceSpec {
  const args = request.args;
  const program = hostProgram(host);
  const logDir = path.resolve(host.cwd, request.dataDir, "logs");
  return {
    label: SERVICE_LABEL,
    unitName: SERVICE_UNIT,
    description: "robotrader trading runner",
    programArguments: [...program, ...args],
    workingDirectory: host.cwd,
    stdoutPath: path.join(logDir, "runner.out.log"),
    stderrPath: path.join(logDir, "runner.err.log"),
    environment: configEnvironment(host, request.configFile),
    restartDelaySeconds: 30,
    stopTimeoutSeconds: 30,
  };
}

function installNotes(kind: ServiceKind, spec: ServiceSpec, host: ServiceHost): string[] {
  const notes: string[] = [];
  const skipped = Object.keys(host.env).filter((k) => k.startsWith("ROBOTRADER_") && k !== "ROBOTRADER_CONFIG" && host.env[k]);
  if (skipped.length > 0) {
    notes.push(`Not copied into the service (may hold secrets): ${skipped.join(", ")}. Put these settings in robotrader.toml.`);
  }
  if (kind === "systemd") notes.push("To run while you are logged out and start at boot: loginctl enable-linger $USER");
  else notes.push("The agent starts at login (RunAtLoad) and runs in your user session.");
  if (spec.programArguments.includes("--live")) {
    notes.push("--live still needs mode = \"live\" in the config and the broker's account id equal to the configured one.");
  }
  notes.push(RESTART_SAFETY);
  return notes;
}

export async function runService(request: ServiceRequest, host: ServiceHost, exec: Exec = spawnExec): Promise<ServiceReport> {
  const kind = serviceKind(request, host);
  const target = { kind, home: host.home, uid: host.uid, dryRun: request.dryRun, exec };
  const file = serviceFilePath(kind, host.home);
  const base = { action: request.action, kind, file, dryRun: request.dryRun };
  if (request.action === "install") {
    const spec = buildServiceSpec(request, host);
    const logs = { stdout: spec.stdoutPath, stderr: spec.stderrPath };
    if (request.print) {
      return { ...base, dryRun: true, text: serviceFileText(kind, spec), programArguments: spec.programArguments, logs, steps: [], notes: [] };
    }
    const result = await installService(spec, target);
    return { ...base, text: result.text, programArguments: spec.programArguments, logs, steps: result.steps, notes: installNotes(kind, spec, host) };
  }
  if (request.action === "uninstall") {
    const result = await uninstallService(target);
    const notes = result.existed ? ["Logs are kept."] : [`Nothing installed at ${file}; unloaded anything left over.`];
    return { ...base, installed: false, steps: result.steps, notes };
  }
  const result = await serviceStatus(target);
  const text = result.installed ? await Bun.file(file).text() : undefined;
  return {
    ...base,
    installed: result.installed,
    ...(request.print && text !== undefined ? { text } : {}),
    steps: result.steps,
    notes: result.installed ? [] : ["Not installed. Install with: robotrader service install --args \"run --broker paper\""],
  };
}

/** Human-readable report; --print alone prints just the file. */
export function formatServiceReport(r: ServiceReport, print: boolean): string {
  if (print && r.text !== undefined && r.action !== "uninstall") return r.text;
  const what = r.kind === "launchd" ? `launchd agent ${SERVICE_LABEL}` : `systemd user unit ${SERVICE_UNIT}`;
  const head = {
    install: r.dryRun ? `Would install ${what} (dry run: nothing written, nothing run)` : `Installed ${what}`,
    uninstall: r.dryRun ? `Would uninstall ${what} (dry run)` : `Uninstalled ${what}`,
    status: `${what}: ${r.installed ? "installed" : "not installed"}`,
  }[r.action];
  const lines = [head, `  file: ${r.file}`];
  if (r.programArguments) lines.push(`  runs: ${r.programArguments.join(" ")}`);
  if (r.logs) lines.push(`  logs: ${r.logs.stdout}`, `        ${r.logs.stderr}`);
  for (const s of r.steps) {
    const outcome = s.result ? (s.result.code === 0 ? "" : `  (exit ${s.result.code}, tolerated)`) : "  (planned)";
    lines.push(`  $ ${s.command}${outcome}`);
    const out = s.result && r.action === "status" ? (s.result.stdout || s.result.stderr).trim() : "";
    if (out) lines.push(...out.split("\n").map((l) => `    ${l}`));
  }
  if (r.dryRun && r.text !== undefined) lines.push("", r.text.trimEnd());
  if (r.notes.length > 0) lines.push("", ...r.notes);
  return lines.join("\n");
}
