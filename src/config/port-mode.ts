import type { AppConfig } from "./schema.ts";
import { KEY_BY_PATH } from "./keys.ts";
import { sourceLabel, type ConfigSource } from "./source.ts";

type Mode = AppConfig["mode"];

/** The standard IB API ports and what they connect to. */
export const IB_PORTS: Readonly<Record<number, { readonly mode: Mode; readonly app: string }>> = {
  4001: { mode: "live", app: "IB Gateway live" },
  4002: { mode: "paper", app: "IB Gateway paper" },
  7496: { mode: "live", app: "TWS live" },
  7497: { mode: "paper", app: "TWS paper" },
};

export type ModeProblem =
  | { readonly kind: "port-mode-mismatch"; readonly severity: "error"; readonly mode: Mode; readonly port: number; readonly portMode: Mode; readonly message: string }
  | { readonly kind: "nonstandard-port"; readonly severity: "warning"; readonly mode: Mode; readonly port: number; readonly message: string }
  | { readonly kind: "account-mode-mismatch"; readonly severity: "error"; readonly mode: Mode; readonly accountMode: Mode; readonly message: string };

const portsFor = (mode: Mode) =>
  Object.entries(IB_PORTS)
    .filter(([, p]) => p.mode === mode)
    .map(([port, p]) => `${port} (${p.app})`)
    .join(" or ");

/**
 * Does the gateway port agree with the mode? 4001/7496 are live, 4002/7497 paper. A
 * mismatch is an error `run` and `diagnose-gateway` refuse to start with; any other port
 * (a custom setup) is a warning because it cannot be checked.
 */
export function checkPortMode(mode: Mode, port: number): ModeProblem | undefined {
  const known = IB_PORTS[port];
  if (!known) {
    return {
      kind: "nonstandard-port", severity: "warning", mode, port,
      message: `gateway.port = ${port} is not a standard IB port (4001/7496 live, 4002/7497 paper), so it cannot be checked against mode = "${mode}"`,
    };
  }
  if (known.mode === mode) return undefined;
  return {
    kind: "port-mode-mismatch", severity: "error", mode, port, portMode: known.mode,
    message: `gateway.port = ${port} is the ${known.app} port but mode = "${mode}"; use port ${portsFor(mode)}, or set mode = "${known.mode}" if you mean it`,
  };
}

/** IB paper-trading account ids start with "DU"; anything else is a real-money account. */
export const isPaperAccount = (accountId: string) => accountId.startsWith("DU");

/** Does the configured account agree with the mode? The id itself never appears in the message. */
export function checkAccountMode(mode: Mode, accountId: string | undefined): ModeProblem | undefined {
  if (accountId === undefined) return undefined;
  const accountMode: Mode = isPaperAccount(accountId) ? "paper" : "live";
  if (accountMode === mode) return undefined;
  const what = accountMode === "paper" ? "a paper account (starts with DU)" : "a live account (paper accounts start with DU)";
  return {
    kind: "account-mode-mismatch", severity: "error", mode, accountMode,
    message: `gateway.account_id is ${what} but mode = "${mode}"; configure the ${mode} account id or set mode = "${accountMode}"`,
  };
}

const KEYS_OF: Record<ModeProblem["kind"], readonly string[]> = {
  "port-mode-mismatch": ["gateway.port", "mode"],
  "nonstandard-port": ["gateway.port"],
  "account-mode-mismatch": ["gateway.accountId", "mode"],
};

/**
 * Every mode consistency problem of a config, errors first. Given the sources, each
 * message ends with where the values came from, so the user knows which one to change.
 */
export function checkModeConsistency(
  config: Pick<AppConfig, "mode" | "gateway">,
  sources?: ReadonlyMap<string, ConfigSource>,
): ModeProblem[] {
  const found = [checkAccountMode(config.mode, config.gateway.accountId), checkPortMode(config.mode, config.gateway.port)]
    .filter((p): p is ModeProblem => p !== undefined)
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  return sources ? found.map((p) => withSources(p, sources)) : found;
}

/** The problem with its message ending in where the values came from: "(gateway.port from flag --port; mode from default)". */
export function withSources(problem: ModeProblem, sources: ReadonlyMap<string, ConfigSource>): ModeProblem {
  const from = KEYS_OF[problem.kind].map((k) => `${KEY_BY_PATH.get(k)?.toml ?? k} from ${sourceLabel(sources.get(k) ?? { kind: "default" })}`);
  return { ...problem, message: `${problem.message} (${from.join("; ")})` };
}
