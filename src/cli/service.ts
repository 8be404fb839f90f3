import os from "node:os";
import { defineCommand } from "citty";
import { formatServiceReport, runService, type ServiceHost, type ServiceRequest } from "../app/service.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";

const serviceArgs = {
  ...commonArgs,
  print: { type: "boolean", description: "Show the plist/unit file without installing anything" },
  "dry-run": { type: "boolean", description: "Show what would be written and run, change nothing" },
  args: { type: "string", description: 'The robotrader command line the service runs (default "run"), e.g. "run --broker paper"' },
  platform: { type: "string", description: "launchd | systemd (default: this machine's); useful with --print" },
} as const;

function host(): ServiceHost {
  return {
    platform: process.platform,
    home: os.homedir(),
    uid: process.getuid?.() ?? 0,
    cwd: process.cwd(),
    execPath: process.execPath,
    mainPath: Bun.main,
    env: process.env,
  };
}

function action(name: ServiceRequest["action"], description: string) {
  return defineCommand({
    meta: { name, description },
    args: serviceArgs,
    async run({ args }) {
      const ctx = await commandContext(args);
      const report = await runService(
        {
          action: name,
          print: Boolean(args.print),
          dryRun: Boolean(args["dry-run"]),
          args: args.args,
          platform: args.platform,
          dataDir: ctx.config.dataDir,
          configFile: ctx.configFile,
        },
        host(),
      );
      if (args.json) printJson(report);
      else printText(formatServiceReport(report, Boolean(args.print)));
    },
  });
}

export default defineCommand({
  meta: {
    name: "service",
    description: "Install/uninstall/show the runner as a launchd agent (macOS) or systemd user unit (Linux)",
  },
  subCommands: {
    install: action("install", "Write the plist/unit and load it (restarts the runner after a crash; --print to only show it)"),
    uninstall: action("uninstall", "Stop and unload the service and remove its file (logs are kept)"),
    status: action("status", "Is the service installed, loaded and running"),
  },
});
