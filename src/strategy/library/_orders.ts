// Order helpers the built-in strategies share. Written on the public API only, like a plug-in.
import { v, type StrategyContext } from "../api/index.ts";

/** A whole-number bar count parameter. */
export const bars = (fallback: number, description: string, min = 1) =>
  v.optional(v.pipe(v.number(), v.integer(), v.minValue(min), v.description(description)), fallback);

/** A real-number parameter in [min, max]. */
export const real = (fallback: number, description: string, min: number, max: number) =>
  v.optional(v.pipe(v.number(), v.minValue(min), v.maxValue(max), v.description(description)), fallback);

/** Long from flat (or from short: covers it too) with the configured entry size, market at the next open. */
export function goLong(ctx: StrategyContext): void {
  const held = ctx.position();
  if (held > 0) return;
  const qty = -held + ctx.entryQty();
  if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "market", tif: "day" });
}

/** Out of a long; long-short then goes short with the entry size. Market at the next open. */
export function goShortOrFlat(ctx: StrategyContext): void {
  const held = ctx.position();
  if (held < 0) return;
  const qty = held + (ctx.direction === "long-short" ? ctx.entryQty() : 0);
  if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "sell", qty, type: "market", tif: "day" });
}

/** Sells a long position at the next open. */
export function exitLong(ctx: StrategyContext): void {
  const held = ctx.position();
  if (held > 0) ctx.submit({ symbol: ctx.symbol, side: "sell", qty: held, type: "market", tif: "day" });
}

/** Buys the entry size at the next open when flat. */
export function enterLong(ctx: StrategyContext): void {
  if (ctx.position() !== 0) return;
  const qty = ctx.entryQty();
  if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "market", tif: "day" });
}
