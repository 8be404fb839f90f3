import { isStrategyFile, loadStrategyFile } from "../../adapters/strategy-file/load-strategy-file.ts";
import { findStrategy, strategyNames, type RegisteredStrategy } from "../../strategy/registry.ts";

/** A built-in strategy by name, or a strategy file by path (./my-strategy.ts). */
export async function resolveStrategy(nameOrFile: string): Promise<RegisteredStrategy> {
  return isStrategyFile(nameOrFile) ? await loadStrategyFile(nameOrFile, strategyNames()) : findStrategy(nameOrFile);
}
