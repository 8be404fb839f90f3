import os from "node:os";
import { defineCommand } from "citty";
import { formatServiceReport, runService, type ServiceHost, type ServiceRequest } from "../app/runner/service.ts";
import { parsePlatformFlag, parseServiceArgsFlag } from "./_service-flags.ts";
import { commonArgs } from "./_args.ts";
import { checkCommandLine } from "./_command-line.ts";
import { commandContext, type ContextArgs } from "./_context.ts";
import { printJson, printText } from "./_output.ts";

const platformArg = { type: "string", description: "launchd | systemd (default: this machine's)" } as const;
const dryRunArg = { type: "boolean", description: "Show what would be written and run, change nothing" } as const;

/** Each action takes only its own flags: `uninstall --print` is an unknown flag, not an uninstall. */
const installArgs = {
  ...commonArgs,
  print: { type: "boolean", description: "Show the plist/unit file without installing anything" },
  "dry-run": dryRunArg,
  args: { type: "string", description: 'The robotrader command line the service runs (default "run"), e.g. "run --broker paper"' },
  platform: { type: "string", description: "launchd | systemd (default: this machine's); useful with --print" },
} as const;
const uninstallArgs = { ...commonArgs, "dry-run": dryRunArg, platform: platformArg } as const;
const statusArgs = { ...commonArgs, platform: platformArg } as const;

interface ServiceFlags extends ContextArgs {
  print?: boolean;
  "dry-run"?: boolean;
  args?: string;
  platform?: string;
}

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

function action<A extends typeof installArgs | typeof uninstallArgs | typeof statusArgs>(name: ServiceRequest["action"], description: string, flags: A) {
  return defineCommand({
    meta: { name, description },
    args: flags,
    async run({ args }) {
      const f = args as ServiceFlags;
      const ctx = await commandContext(f);
      const words = parseServiceArgsFlag(f.args);
      const platform = parsePlatformFlag(f.platform);
      // The service would restart a failing command forever: check it now, as the command would.
      if (name === "install") await checkCommandLine(words, "--args");
      const report = await runService(
        {
          action: name,
          print: Boolean(f.print),
          dryRun: Boolean(f["dry-run"]),
          args: words,
          platform,
          dataDir: ctx.config.dataDir,
          configFile: ctx.configFile,
        },
        host(),
      );
      if (f.json) printJson(report);
      else printText(formatServiceReport(report, Boolean(f.print)));
    },
  });
}

export default defineCommand({
  meta: {
    name: "service",
    description: "Install/uninstall/show the runner as a launchd agent (macOS) or systemd user unit (Linux)",
  },
  subCommands: {
    install: action("install", "Write the plist/unit and load it (restarts the runner after a crash; --print to only show it)", installArgs),
    uninstall: action("uninstall", "Stop and unload the service and remove its file (logs are kept)", uninstallArgs),
    status: action("status", "Is the service installed, loaded and running", statusArgs),
  },
});
