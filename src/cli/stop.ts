import { defineCommand } from "citty";
import { commonArgs } from "./_args.ts";
import { runControl, waitArg } from "./_control.ts";
import { dataDirArg } from "./data-args.ts";

export default defineCommand({
  meta: { name: "stop", description: "Stop the running runner gracefully (as SIGTERM: settles in-flight orders, records the summary)" },
  args: { ...commonArgs, ...waitArg, ...dataDirArg },
  async run({ args }) {
    await runControl(args, { kind: "stop" });
  },
});
