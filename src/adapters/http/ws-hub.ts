import type { ServerWebSocket } from "bun";
import { MAX_MALFORMED, parseClientMessage, TOPICS, type ServerMessage, type Topic } from "./ws-protocol.ts";

export interface SocketData {
  malformed: number;
}

/**
 * The open page sockets. New sockets get every topic's last snapshot; `publish` sends a
 * topic to all of them only when its JSON differs from what was last sent.
 */
export class WsHub {
  #sockets = new Set<ServerWebSocket<SocketData>>();
  #last = new Map<Topic, { json: string; data: unknown }>();
  #clock: () => number;
  #onRefresh: () => void;

  constructor(options: { clock: () => number; onRefresh?: () => void }) {
    this.#clock = options.clock;
    this.#onRefresh = options.onRefresh ?? (() => {});
  }

  get size(): number {
    return this.#sockets.size;
  }

  open(ws: ServerWebSocket<SocketData>): void {
    this.#sockets.add(ws);
    send(ws, { type: "hello", version: 1, serverTime: this.#clock() });
    this.#sendAll(ws);
  }

  close(ws: ServerWebSocket<SocketData>): void {
    this.#sockets.delete(ws);
  }

  /** A client's frame: ping and refresh are answered; anything else is counted and dropped. */
  message(ws: ServerWebSocket<SocketData>, raw: string | Buffer): void {
    const msg = parseClientMessage(raw);
    if (msg === undefined) {
      ws.data.malformed += 1;
      if (ws.data.malformed >= MAX_MALFORMED) ws.close(1008, "too many malformed messages");
      return;
    }
    if (msg.type === "ping") send(ws, { type: "pong", serverTime: this.#clock() });
    else {
      this.#onRefresh();
      this.#sendAll(ws);
    }
  }

  /** Stores the topic's snapshot and sends it if it changed; returns whether it changed. */
  publish(topic: Topic, data: unknown): boolean {
    const json = JSON.stringify(data);
    if (this.#last.get(topic)?.json === json) return false;
    this.#last.set(topic, { json, data });
    const text = messageText(topic, json, this.#clock());
    for (const ws of this.#sockets) ws.send(text);
    return true;
  }

  /** The latest snapshot of a topic (what the API would also answer). */
  latest(topic: Topic): unknown {
    return this.#last.get(topic)?.data;
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.#sockets) ws.close(code, reason);
    this.#sockets.clear();
  }

  #sendAll(ws: ServerWebSocket<SocketData>): void {
    const now = this.#clock();
    for (const topic of TOPICS) {
      const last = this.#last.get(topic);
      if (last) ws.send(messageText(topic, last.json, now));
    }
  }
}

const send = (ws: ServerWebSocket<SocketData>, message: ServerMessage) => ws.send(JSON.stringify(message));

// Built by hand so a topic's JSON is serialized once for every socket.
const messageText = (topic: Topic, json: string, serverTime: number) =>
  `{"type":"topic","topic":${JSON.stringify(topic)},"serverTime":${serverTime},"data":${json}}`;
