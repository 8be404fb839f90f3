import path from "node:path";
import { launchdPlist } from "./launchd-plist.ts";
import { SERVICE_LABEL, SERVICE_UNIT, type ServiceSpec } from "./service-spec.ts";
import { systemdUnit } from "./systemd-unit.ts";

export type ServiceKind = "launchd" | "systemd";

/** A command the install/uninstall/status steps run; `mayFail` ones are tolerated (e.g. "not loaded"). */
export interface ServiceCommand {
  readonly argv: readonly string[];
  readonly mayFail: boolean;
}

export function serviceKindFor(platform: string): ServiceKind | undefined {
  if (platform === "darwin") return "launchd";
  if (platform === "linux") return "systemd";
  return undefined;
}

export function serviceFilePath(kind: ServiceKind, home: string): string {
  return kind === "launchd"
    ? path.join(home, "Library", "LaunchAgents", `${SERVICE_LABEL}.plist`)
    : path.join(home, ".config", "systemd", "user", SERVICE_UNIT);
}

export function serviceFileText(kind: ServiceKind, spec: ServiceSpec): string {
  return kind === "launchd" ? launchdPlist(spec) : systemdUnit(spec);
}

const must = (...argv: string[]): ServiceCommand => ({ argv, mayFail: false });
const may = (...argv: string[]): ServiceCommand => ({ argv, mayFail: true });

/** After the file is written: (re)load and start it. */
export function installCommands(kind: ServiceKind, file: string, uid: number): ServiceCommand[] {
  if (kind === "launchd") {
    const domain = `gui/${uid}`;
    return [
      may("launchctl", "bootout", `${domain}/${SERVICE_LABEL}`), // an older copy, if loaded
      must("launchctl", "enable", `${domain}/${SERVICE_LABEL}`),
      must("launchctl", "bootstrap", domain, file),
    ];
  }
  return [must("systemctl", "--user", "daemon-reload"), must("systemctl", "--user", "enable", "--now", SERVICE_UNIT)];
}

/** Before the file is removed: stop and unload. */
export function stopCommands(kind: ServiceKind, uid: number): ServiceCommand[] {
  if (kind === "launchd") return [may("launchctl", "bootout", `gui/${uid}/${SERVICE_LABEL}`)];
  return [may("systemctl", "--user", "disable", "--now", SERVICE_UNIT)];
}

/** After the file is removed. */
export function afterRemoveCommands(kind: ServiceKind): ServiceCommand[] {
  return kind === "systemd" ? [may("systemctl", "--user", "daemon-reload")] : [];
}

export function statusCommands(kind: ServiceKind, uid: number): ServiceCommand[] {
  if (kind === "launchd") return [may("launchctl", "print", `gui/${uid}/${SERVICE_LABEL}`)];
  return [
    may("systemctl", "--user", "is-enabled", SERVICE_UNIT),
    may("systemctl", "--user", "status", "--no-pager", "--lines=20", SERVICE_UNIT),
  ];
}
