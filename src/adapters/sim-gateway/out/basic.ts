import type { FieldValue } from "../codec.ts";
import { OUT } from "./ids.ts";

export type Fields = readonly FieldValue[];

export const managedAccounts = (accounts: readonly string[]): Fields => [OUT.MANAGED_ACCTS, 1, accounts.join(",")];
export const nextValidId = (orderId: number): Fields => [OUT.NEXT_VALID_ID, 1, orderId];
export const currentTime = (epochSeconds: number): Fields => [OUT.CURRENT_TIME, 1, epochSeconds];

/** error(4): [4, 2, reqId, code, message, advancedOrderRejectJson] (the last field since v166). */
export const errorMessage = (reqId: number, code: number, message: string): Fields => [OUT.ERR_MSG, 2, reqId, code, message, ""];
