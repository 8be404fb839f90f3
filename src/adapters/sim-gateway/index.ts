/** The TWS-API gateway simulator: a real-wire-protocol server for tests, demos and diagnose-gateway. */
export { startSimGateway, type SimGateway, type SimGatewayOptions } from "./server.ts";
export { FAULT_NAMES, isFaultName, parseFaultArg, type FaultName, type FaultSettings } from "./faults.ts";
export { SIM_MAX_VERSION, SIM_MIN_VERSION } from "./handshake.ts";
export type { SimAccount, SimPosition } from "./account/account.ts";
export type { SimOrder, SimOrderStatus } from "./account/order.ts";
export type { SimExecution } from "./account/execution.ts";
export { SIMULATED_SYMBOLS, symbolInfo } from "./market/universe.ts";
export { ReplayStartError } from "./market/replay.ts";
