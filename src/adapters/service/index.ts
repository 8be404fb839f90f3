export { launchdPlist, xmlEscape } from "./launchd-plist.ts";
export { execWord, systemdUnit } from "./systemd-unit.ts";
export { splitShellWords } from "./shell-words.ts";
export { checkServiceSpec, SERVICE_LABEL, SERVICE_UNIT, type ServiceSpec } from "./service-spec.ts";
export { serviceFilePath, serviceFileText, serviceKindFor, type ServiceCommand, type ServiceKind } from "./service-commands.ts";
export {
  installService,
  serviceStatus,
  spawnExec,
  uninstallService,
  type CommandResult,
  type Exec,
  type InstallResult,
  type ServiceTarget,
  type StatusResult,
  type Step,
  type UninstallResult,
} from "./service-manager.ts";
