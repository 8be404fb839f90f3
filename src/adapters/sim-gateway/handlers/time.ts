import type { FieldCursor } from "../fields.ts";
import { currentTime, managedAccounts, nextValidId } from "../out/basic.ts";
import type { HandlerContext } from "../world.ts";

/** reqCurrentTime(49): the gateway's wall clock (not the replayed market time), as TWS does. */
export function reqCurrentTime({ session, world }: HandlerContext): void {
  session.send(currentTime(Math.floor(world.clock.now() / 1000)));
}

/** reqIds(8): [8, 1, numIds]; TWS ignores numIds and answers nextValidId. */
export function reqIds({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  c.int("numIds");
  session.send(nextValidId(world.account.nextValidId(session.clientId ?? 0)));
}

export function reqManagedAccts({ session, world }: HandlerContext): void {
  session.send(managedAccounts([world.accountId]));
}
