import { defineCommand } from "citty";
import { sendTestNotifications } from "../app/notify/test-events.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";

const test = defineCommand({
  meta: { name: "test", description: "Send one notification of every kind (marked [TEST]) to every configured webhook; exit 1 if any failed" },
  args: { ...commonArgs, wait: { type: "string", description: "Seconds to wait for delivery (default 30)", default: "30" } },
  async run({ args }) {
    const ctx = await commandContext(args);
    const wait = Number(args.wait);
    if (!Number.isFinite(wait) || wait <= 0 || wait > 600) throw new UserError(`--wait must be seconds from 1 to 600, got '${args.wait}'`);
    const result = await sendTestNotifications(ctx.config, ctx.log, { waitMs: wait * 1000 });
    if (result.webhooks.some((w) => w.sent < result.events)) process.exitCode = 1;
    if (args.json) return printJson(result);
    const rows = result.webhooks.map((w) => [w.webhook, String(w.sent), String(w.failed), String(w.queued), w.lastError ?? ""]);
    printText(`${result.events} test notifications per webhook\n${formatTable(["webhook", "sent", "failed", "unsent", "last error"], rows)}`);
  },
});

export default defineCommand({
  meta: { name: "notify", description: "Webhook notifications ([notify] webhooks): notify test" },
  subCommands: { test },
});
