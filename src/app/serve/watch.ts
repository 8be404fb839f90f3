import { TOPICS, type Topic } from "../../adapters/http/ws-protocol.ts";
import type { WsHub } from "../../adapters/http/ws-hub.ts";
import type { Logger } from "../../log/logger.ts";
import { noStoreStatus } from "./status.ts";
import type { StoreReader } from "./store.ts";
import { loadStatus, loadTopic, MARKED_TOPICS, readMarkers, type TopicReaders } from "./topics.ts";

export interface WatchOptions {
  readonly store: StoreReader;
  readonly hub: WsHub;
  readonly log: Logger;
  readonly now: () => number;
  /** How often the store's change counter is read (ms). */
  readonly pollMs: number;
  /** Time-dependent parts (runner heartbeat age, market session) are refreshed this often. */
  readonly statusEveryMs: number;
  readonly readers: TopicReaders;
}

/**
 * Keeps the hub's topics current: every pollMs it reads PRAGMA data_version (one cheap
 * call); when another connection committed, it reloads the small topics and any marked
 * topic whose table moved, and the hub pushes only what changed. `poke()` runs a poll now
 * (the runner's in-process hook, a kill-switch change).
 */
export class StoreWatcher {
  #o: WatchOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #version: number | undefined;
  #markers = new Map<Topic, string>();
  #statusAt = -Infinity;
  #storeState = "";
  #failures = 0;

  constructor(options: WatchOptions) {
    this.#o = options;
  }

  start(): this {
    this.poll(true);
    this.#timer ??= setInterval(() => this.poll(false), this.#o.pollMs);
    return this;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reloads now; `all` reloads every topic whatever the markers say. */
  poll(all: boolean): void {
    const { store, hub, now: clock } = this.#o;
    const now = clock();
    const version = store.dataVersion();
    const db = store.db();
    const state = store.state;
    if (!db || state.state !== "ok") {
      const key = JSON.stringify(state);
      if (key !== this.#storeState || now - this.#statusAt >= this.#o.statusEveryMs) {
        this.#storeState = key;
        this.#statusAt = now;
        this.#version = undefined;
        this.#markers.clear();
        hub.publish("status", noStoreStatus({ ...state, path: store.path }, now));
        const unavailable = { unavailable: "message" in state ? state.message : "no data yet" };
        for (const topic of TOPICS) if (topic !== "status") hub.publish(topic, unavailable);
      }
      return;
    }
    this.#storeState = "ok";
    const changed = all || version !== this.#version;
    if (!changed && now - this.#statusAt < this.#o.statusEveryMs) return;
    try {
      db.transaction(() => {
        const status = loadStatus(db, now);
        const context = { path: store.path, now, readers: this.#o.readers };
        hub.publish("status", loadTopic(db, "status", status, context));
        this.#statusAt = now;
        if (!changed) return;
        const markers = readMarkers(db);
        for (const topic of TOPICS) {
          if (topic === "status") continue;
          const marker = (MARKED_TOPICS as readonly Topic[]).includes(topic) ? markers[topic as keyof typeof markers] : undefined;
          if (!all && marker !== undefined && this.#markers.get(topic) === marker) continue;
          hub.publish(topic, loadTopic(db, topic, status, context));
          if (marker !== undefined) this.#markers.set(topic, marker);
        }
      })();
      this.#version = version;
      this.#failures = 0;
    } catch (error) {
      this.#failures += 1;
      if (this.#failures === 1) this.#o.log.warn(`status page: reading the store failed, retrying: ${(error as Error).message}`);
      store.fail(error);
      this.#markers.clear();
    }
  }
}
