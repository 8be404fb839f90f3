import { checkServiceSpec, RESTART_NOTE, type ServiceSpec } from "./service-spec.ts";

export function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const str = (s: string) => `<string>${xmlEscape(s)}</string>`;

/**
 * A launchd user agent (~/Library/LaunchAgents). KeepAlive with SuccessfulExit=false
 * restarts the runner only when it exits with a failure; a clean stop stays stopped.
 * ThrottleInterval spaces restarts; ExitTimeOut is the grace period after SIGTERM.
 */
export function launchdPlist(spec: ServiceSpec): string {
  checkServiceSpec(spec);
  const env = Object.entries(spec.environment)
    .map(([k, v]) => `      <key>${xmlEscape(k)}</key>\n      ${str(v)}`)
    .join("\n");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">`,
    `<!--`,
    ...RESTART_NOTE.map((l) => `  ${l}`),
    `-->`,
    `<plist version="1.0">`,
    `  <dict>`,
    `    <key>Label</key>`,
    `    ${str(spec.label)}`,
    `    <key>ProgramArguments</key>`,
    `    <array>`,
    ...spec.programArguments.map((a) => `      ${str(a)}`),
    `    </array>`,
    `    <key>WorkingDirectory</key>`,
    `    ${str(spec.workingDirectory)}`,
    `    <key>EnvironmentVariables</key>`,
    ...(env ? [`    <dict>`, env, `    </dict>`] : [`    <dict/>`]),
    `    <key>RunAtLoad</key>`,
    `    <true/>`,
    `    <key>KeepAlive</key>`,
    `    <dict>`,
    `      <key>SuccessfulExit</key>`,
    `      <false/>`,
    `    </dict>`,
    `    <key>ThrottleInterval</key>`,
    `    <integer>${Math.round(spec.restartDelaySeconds)}</integer>`,
    `    <key>ExitTimeOut</key>`,
    `    <integer>${Math.round(spec.stopTimeoutSeconds)}</integer>`,
    `    <key>ProcessType</key>`,
    `    <string>Background</string>`,
    `    <key>StandardOutPath</key>`,
    `    ${str(spec.stdoutPath)}`,
    `    <key>StandardErrorPath</key>`,
    `    ${str(spec.stderrPath)}`,
    `  </dict>`,
    `</plist>`,
    ``,
  ].join("\n");
}
