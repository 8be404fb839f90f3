import { checkServiceSpec, RESTART_NOTE, type ServiceSpec } from "./service-spec.ts";

/** systemd expands %specifiers everywhere: a literal % is written %%. */
const specifiers = (s: string) => s.replace(/%/g, "%%");

/** One ExecStart word: bare when plain, else double-quoted with \ and " escaped; $ doubled (no env expansion). */
export function execWord(word: string): string {
  const escaped = specifiers(word).replace(/\$/g, "$$$$");
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const envAssignment = (k: string, v: string) => `"${specifiers(`${k}=${v}`).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * A systemd user unit (~/.config/systemd/user). Restart=on-failure restarts the runner
 * only after a failure exit or a crash, RestartSec apart. StartLimitIntervalSec=0 turns off
 * systemd's start limit (by default 5 starts in 10 s, then the unit stays failed): a gateway
 * that is down at boot would otherwise leave the runner dead, while launchd keeps retrying.
 */
export function systemdUnit(spec: ServiceSpec): string {
  checkServiceSpec(spec);
  return [
    ...RESTART_NOTE.map((l) => `# ${l}`),
    `# It is retried every RestartSec for as long as it fails (StartLimitIntervalSec=0: no start`,
    `# limit), so a runner started while TWS / IB Gateway is down comes up once the gateway does.`,
    `[Unit]`,
    `Description=${specifiers(spec.description)}`,
    `StartLimitIntervalSec=0`,
    ``,
    `[Service]`,
    `Type=simple`,
    `WorkingDirectory=${specifiers(spec.workingDirectory)}`,
    ...Object.entries(spec.environment).map(([k, v]) => `Environment=${envAssignment(k, v)}`),
    `ExecStart=${spec.programArguments.map(execWord).join(" ")}`,
    `Restart=on-failure`,
    `RestartSec=${Math.round(spec.restartDelaySeconds)}`,
    `KillSignal=SIGTERM`,
    `TimeoutStopSec=${Math.round(spec.stopTimeoutSeconds)}`,
    `StandardOutput=append:${specifiers(spec.stdoutPath)}`,
    `StandardError=append:${specifiers(spec.stderrPath)}`,
    ``,
    `[Install]`,
    `WantedBy=default.target`,
    ``,
  ].join("\n");
}
