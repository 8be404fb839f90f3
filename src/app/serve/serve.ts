import { BindRefusedError, startHttpServer } from "../../adapters/http/server.ts";
import { WsHub } from "../../adapters/http/ws-hub.ts";
import type { AppConfig } from "../../config/schema.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../log/logger.ts";
import { databasePath } from "../data/store.ts";
import { apiHandlers } from "./api.ts";
import { StoreReader } from "./store.ts";
import { topicReaders } from "./topics.ts";
import { StoreWatcher } from "./watch.ts";

/**
 * In-process hooks from a runner (`run --serve`): the runner calls the listener after it
 * committed something the page shows (a fill, an order state, a position, a snapshot), so
 * the page gets it at once instead of at the next poll.
 */
export interface LiveSource {
  subscribe(listener: () => void): () => void;
}

export interface StatusServerOptions {
  /** The SQLite store to show (opened read-only; it may not exist yet). */
  readonly database: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Required unless host is 127.0.0.1, ::1 or localhost. */
  readonly token?: string | undefined;
  readonly live?: LiveSource | undefined;
  readonly log: Logger;
  /** Store change polling (ms); 250 by default. */
  readonly pollMs?: number;
  readonly now?: () => number;
  /** The flag that sets the port, for messages: "--port" (serve), "--dashboard-port" (run --serve). */
  readonly portFlag?: string;
}

export interface StatusServer {
  /** http://host:port/ */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The status page: HTTP + WebSocket on host:port, reading the store read-only (so it runs
 * beside a runner in another process), pushing changes within one poll (250 ms).
 * Throws UserError when a token is needed but missing, or the port is taken.
 */
export function startStatusServer(o: StatusServerOptions): StatusServer {
  const now = o.now ?? Date.now;
  const store = new StoreReader(o.database);
  let watcher: StoreWatcher | undefined;
  const poke = () => queueMicrotask(() => watcher?.poll(false));
  const hub = new WsHub({ clock: now });
  const readers = topicReaders();
  let server;
  try {
    server = startHttpServer({
      host: o.host,
      port: o.port,
      token: o.token,
      hub,
      api: apiHandlers({ store, now, onWrite: poke, readers }),
      onError: (error) => o.log.error(`status page: ${(error as Error).stack ?? String(error)}`),
    });
  } catch (error) {
    store.close();
    if (error instanceof BindRefusedError) throw new UserError(error.message);
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE" || /in use/i.test((error as Error).message)) {
      throw new UserError(`Cannot serve the status page on ${o.host}:${o.port}: the port is in use (another 'serve'?). Pick another with ${o.portFlag ?? "--port"} (or dashboard.port in robotrader.toml).`);
    }
    if (code === "EADDRNOTAVAIL") throw new UserError(`Cannot serve the status page on ${o.host}: no such address on this machine`);
    throw error;
  }
  watcher = new StoreWatcher({ store, hub, log: o.log, now, pollMs: o.pollMs ?? 250, statusEveryMs: 1000, readers }).start();
  const unsubscribe = o.live?.subscribe(poke);
  return {
    url: server.url,
    port: server.port,
    async stop() {
      unsubscribe?.();
      watcher?.stop();
      await server.stop();
      store.close();
    },
  };
}

/**
 * `run --serve`: the same server inside the runner, on dashboard.host/port/token, reading the
 * runner's own store through its own read-only connection. Stop it after the run ends.
 */
export function serveForRun(config: Pick<AppConfig, "dataDir" | "dashboard">, log: Logger, live?: LiveSource): StatusServer {
  const { host, port, token } = config.dashboard;
  // run's --port is the gateway's: the page's port has its own flag there.
  const server = startStatusServer({ database: databasePath(config), host, port, token, log, live, portFlag: "--dashboard-port" });
  log.info(`status page: ${server.url}`);
  return server;
}
