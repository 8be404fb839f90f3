import { formatOutcome, requestControl } from "../app/control/client.ts";
import type { ControlAction } from "../app/control/requests.ts";
import { UserError } from "../core/errors.ts";
import { cliActor } from "./_who.ts";
import { commandContext, type ContextArgs } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirOverride } from "./data-args.ts";

export const waitArg = {
  wait: { type: "string", description: "Seconds to wait for the runner's answer (default 30)", default: "30" },
} as const;

/** Sends a control request to the running runner, waits for the answer, prints it; exit 1 when the runner failed it. */
export async function runControl(args: ContextArgs & { "data-dir"?: string | undefined; wait?: string | undefined }, action: ControlAction): Promise<void> {
  const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
  const wait = Number(args.wait ?? "30");
  if (!Number.isFinite(wait) || wait < 0 || wait > 3600) throw new UserError(`--wait must be a number of seconds from 0 to 3600, got '${args.wait}'`);
  const outcome = await requestControl(ctx.config, { action, by: cliActor(), waitMs: wait * 1000 });
  if (outcome.request.state === "failed" || outcome.request.state === "unknown" || outcome.request.state === "expired") process.exitCode = 1;
  if (args.json) printJson(outcome);
  else printText(formatOutcome(outcome));
}

const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;

/** Upper-cases and checks a ticker typed on the command line. */
export function symbolArg(text: string | undefined, flag: string): string {
  const s = (text ?? "").trim().toUpperCase();
  if (!SYMBOL.test(s)) throw new UserError(`${flag} must be a ticker like AAPL or BRK.B, got '${text ?? ""}'`);
  return s;
}
