import Big from "big.js";
import { FieldCursor, RequestError, type ContractRequest } from "../fields.ts";

/** The placeOrder fields the simulator interprets (see IB-API-NOTES.md §5). */
export interface PlaceOrderRequest {
  readonly orderId: number;
  readonly contract: ContractRequest;
  readonly action: string;
  readonly totalQuantity: Big | undefined;
  readonly orderType: string;
  readonly lmtPrice: number | undefined;
  readonly auxPrice: number | undefined;
  readonly tif: string;
  readonly account: string;
  readonly orderRef: string;
  readonly transmit: boolean;
  readonly parentId: number;
  readonly outsideRth: boolean;
  readonly goodAfterTime: string;
  readonly goodTillDate: string;
  readonly whatIf: boolean;
  readonly cashQty: number | undefined;
}

/**
 * placeOrder(3), no version field since v145. Fields 0-34 sit at fixed indexes; past them the
 * layout has conditional groups. The simulator rejects every group it does not support
 * (combo legs, delta-neutral, scale, hedge, algo, conditions, PEG orders), so for the orders it
 * accepts the later fields it reads (goodAfterTime, goodTillDate, whatIf, cashQty) are at fixed
 * indexes too, shifted by one below v177 where faProfile still exists.
 */
export function parsePlaceOrder(fields: readonly string[], version: number): PlaceOrderRequest {
  const c = new FieldCursor(fields, "placeOrder");
  const orderId = c.int("orderId");
  const reject = (what: string) => new RequestError(`Order rejected - reason: ${what} not supported by the simulator`, 201, orderId);
  const contract = c.contract();
  if (contract.secType.toUpperCase() === "BAG") throw reject("combo (BAG) orders are");
  c.str("secIdType");
  c.str("secId");
  const action = c.str("action").trim().toUpperCase();
  const qtyText = c.str("totalQuantity").trim();
  let totalQuantity: Big | undefined;
  if (qtyText !== "" && qtyText !== "1.7976931348623157E308") {
    try {
      totalQuantity = new Big(qtyText.replaceAll(",", ""));
    } catch {
      throw new RequestError(`placeOrder: field 17 (totalQuantity) must be a decimal number, got ${JSON.stringify(qtyText)}`, 321, orderId);
    }
  }
  const orderType = c.str("orderType").trim().toUpperCase();
  const lmtPrice = c.num("lmtPrice");
  const auxPrice = c.num("auxPrice");
  const tif = c.str("tif").trim().toUpperCase();
  c.str("ocaGroup");
  const account = c.str("account").trim();
  c.str("openClose");
  c.str("origin");
  const orderRef = c.str("orderRef");
  const transmitText = c.str("transmit").trim();
  const transmit = transmitText === "1" || transmitText.toLowerCase() === "true";
  const parentId = c.int("parentId");
  c.seek(33);
  const outsideRth = c.bool("outsideRth");
  if (orderType.startsWith("PEG")) throw reject(`order type ${orderType} is`);

  const shift = version < 177 ? 1 : 0;
  const at = (i: number) => c.at(i > 41 ? i + shift : i).trim();
  const goodAfterTime = c.at(37);
  const goodTillDate = c.at(38);
  if (at(64) !== "" && at(64).toUpperCase() !== "NONE") throw reject("delta-neutral orders are");
  const scaleIncrement = Number(at(72) || "0");
  if (at(72) !== "1.7976931348623157E308" && scaleIncrement > 0) throw reject("scale orders are");
  if (at(76) !== "") throw reject("hedge orders are");
  if (at(81) === "1") throw reject("delta-neutral contracts are");
  if (at(82) !== "") throw reject(`algo ${at(82)} is`);
  const whatIf = at(84) === "1";
  if (at(89) !== "" && at(89) !== "0") throw reject("order conditions are");
  const cashText = at(100);
  const cashQty = cashText === "" || cashText === "1.7976931348623157E308" ? undefined : Number(cashText);
  if (cashQty !== undefined && !Number.isFinite(cashQty)) throw new RequestError(`placeOrder: cashQty must be a number, got ${JSON.stringify(cashText)}`, 321, orderId);
  return { orderId, contract, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, account, orderRef, transmit, parentId, outsideRth, goodAfterTime, goodTillDate, whatIf, cashQty };
}

/** cancelOrder(4): [4, 1, orderId, ...] below v192, [4, orderId, ...] from v192 (version field dropped). */
export function parseCancelOrder(fields: readonly string[], version: number): number {
  const c = new FieldCursor(fields, "cancelOrder");
  if (version < 192) c.int("version");
  return c.int("orderId");
}
