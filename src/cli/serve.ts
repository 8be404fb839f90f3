import { defineCommand } from "citty";
import { databasePath } from "../app/data/store.ts";
import { startStatusServer } from "../app/serve/serve.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

/** A flag's value is in the process list (ps, /proc/PID/cmdline) for every user of the machine. */
export const TOKEN_FLAG_WARNING =
  "--token on the command line is visible to every user of this machine in the process list (ps); " +
  "set ROBOTRADER_DASHBOARD_TOKEN or dashboard.token in robotrader.toml (chmod 600) instead";

export default defineCommand({
  meta: {
    name: "serve",
    description: "Status page: live HTTP + WebSocket dashboard of the runner, read from the store (read-only)",
  },
  args: {
    ...commonArgs,
    host: { type: "string", description: "Address to bind (default: dashboard.host, 127.0.0.1). Any other than 127.0.0.1, ::1, localhost needs a token" },
    port: { type: "string", description: "Port (default: dashboard.port, 5555)" },
    token: { type: "string", description: "Access token, 16+ characters (default: dashboard.token / ROBOTRADER_DASHBOARD_TOKEN); required on every request when set" },
    ...dataDirArg,
  },
  async run({ args }) {
    const [dirOverride, dirFlag] = dataDirOverride(args["data-dir"]);
    const ctx = await commandContext(
      args,
      { ...dirOverride, "dashboard.host": args.host, "dashboard.port": args.port, "dashboard.token": args.token },
      { ...dirFlag, "dashboard.host": "--host", "dashboard.port": "--port", "dashboard.token": "--token" },
    );
    if (args.token !== undefined) ctx.log.warn(TOKEN_FLAG_WARNING);
    const { host, port, token } = ctx.config.dashboard;
    const database = databasePath(ctx.config);
    const server = startStatusServer({ database, host, port, token, log: ctx.log });
    // Handlers before the first line that says we are up: an early SIGTERM must still stop cleanly.
    const stopped = new Promise<string>((resolve) => {
      const onInt = () => done("SIGINT");
      const onTerm = () => done("SIGTERM");
      const done = (name: string) => {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
        resolve(name);
      };
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
    });
    if (ctx.json) printJson({ url: server.url, host, port: server.port, database, token: token !== undefined });
    else {
      // 0.0.0.0 / :: are where it listens, not an address a browser can open.
      const wildcard = host === "0.0.0.0" || host === "::" || host === "[::]";
      const open = wildcard ? `http://<this machine's address>:${server.port}/ (listening on all addresses; here: http://127.0.0.1:${server.port}/)` : server.url;
      printText(`robotrader status page: ${open}${token !== undefined ? "  (open /?token=… once, or send Authorization: Bearer …)" : ""}`);
    }
    ctx.log.info(`serve: reading ${database} (read-only); Ctrl-C to stop`);
    const signal = await stopped;
    await server.stop();
    ctx.log.info(`serve: ${signal} received, stopped`);
  },
});
