import { connect, createServer, type Server, type Socket } from "node:net";

/** One TWS API frame crossing the proxy, split into its NUL-terminated fields. */
export interface ProxyFrame {
  /** Index of the client connection (0 = first accepted). */
  readonly conn: number;
  readonly fields: readonly string[];
  readonly raw: Buffer;
}

/** What to do with a frame: pass it, hold it (toGateway only), drop it, or send these fields instead. */
export type Verdict = "pass" | "hold" | "drop" | { readonly replace: readonly string[] };

/** A frame carrying `fields`, each NUL-terminated, behind its big-endian length. */
export function encodeFrame(fields: readonly string[]): Buffer {
  const body = Buffer.from(fields.map((f) => `${f}\0`).join(""), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

interface Link {
  readonly index: number;
  readonly client: Socket;
  readonly gateway: Socket;
  readonly held: Buffer[];
  /** Gateway -> client is cut (a hung gateway): frames are dropped. */
  deaf: boolean;
  /** The runner closed its side; the gateway side is kept open (TWS still sees the client id). */
  clientGone: boolean;
}

/** Splits a byte stream into length-prefixed frames; `greeting` bytes pass first as they are. */
class Framer {
  #buf = Buffer.alloc(0);
  #greeting: number;
  constructor(greeting: number) {
    this.#greeting = greeting;
  }
  push(chunk: Buffer, raw: (b: Buffer) => void, frame: (f: Buffer) => void): void {
    this.#buf = Buffer.concat([this.#buf, chunk]);
    if (this.#greeting > 0) {
      if (this.#buf.length < this.#greeting) return;
      raw(this.#buf.subarray(0, this.#greeting));
      this.#buf = this.#buf.subarray(this.#greeting);
      this.#greeting = 0;
    }
    while (this.#buf.length >= 4) {
      const size = this.#buf.readUInt32BE(0);
      if (this.#buf.length < 4 + size) return;
      frame(this.#buf.subarray(0, 4 + size));
      this.#buf = this.#buf.subarray(4 + size);
    }
  }
}

const fieldsOf = (frame: Buffer): string[] => frame.subarray(4).toString("utf8").split("\0").slice(0, -1);

/**
 * An independent, framing-aware TCP proxy between the runner and a TWS API server (the
 * simulator here, a real gateway elsewhere): it reads each frame in both directions and lets
 * a test pass, hold, drop or rewrite it, go deaf on a connection (a hung gateway: requests swallowed,
 * nothing answered), inject raw bytes, and release held frames later on their original
 * gateway connection. It knows nothing of robotrader or the simulator beyond the wire format.
 */
export class FrameProxy {
  readonly #server: Server;
  readonly #links: Link[] = [];
  readonly #target: { host: string; port: number };
  /** Runner -> gateway policy. */
  toGateway: (f: ProxyFrame) => Verdict = () => "pass";
  /** Gateway -> runner policy. */
  toClient: (f: ProxyFrame) => Verdict = () => "pass";
  host = "127.0.0.1";
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
    this.#server = createServer((client) => this.#accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<FrameProxy> {
    const proxy = new FrameProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, "127.0.0.1", resolve));
    const addr = proxy.#server.address();
    proxy.port = typeof addr === "object" && addr ? addr.port : 0;
    return proxy;
  }

  get connections(): number {
    return this.#links.length;
  }

  /** Frames held on connection `conn` so far. */
  held(conn: number): number {
    return this.#links[conn]?.held.length ?? 0;
  }

  /** A hung gateway on `conn`: from now on nothing reaches the runner, its requests are held. */
  hang(conn: number): void {
    const link = this.#links[conn];
    if (link) link.deaf = true;
  }

  /** Sends the frames held on `conn` to the gateway now, in order (a late frame). */
  release(conn: number): void {
    const link = this.#links[conn];
    if (!link) return;
    for (const frame of link.held.splice(0)) link.gateway.write(frame);
  }

  /** Raw bytes to the runner on `conn` (a corrupt or truncated frame). */
  inject(conn: number, bytes: Buffer): void {
    this.#links[conn]?.client.write(bytes);
  }

  async close(): Promise<void> {
    for (const l of this.#links) {
      l.client.destroy();
      l.gateway.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    client.setNoDelay(true);
    const gateway = connect(this.#target.port, this.#target.host);
    gateway.setNoDelay(true);
    const link: Link = { index: this.#links.length, client, gateway, held: [], deaf: false, clientGone: false };
    this.#links.push(link);
    const up = new Framer(4);
    const down = new Framer(0);
    client.on("data", (chunk: Buffer) =>
      up.push(chunk, (raw) => gateway.write(raw), (frame) => {
        if (link.deaf) {
          link.held.push(frame);
          return;
        }
        const verdict = this.toGateway({ conn: link.index, fields: fieldsOf(frame), raw: frame });
        if (verdict === "pass") gateway.write(frame);
        else if (verdict === "hold") link.held.push(frame);
        else if (verdict !== "drop") gateway.write(encodeFrame(verdict.replace));
      }),
    );
    gateway.on("data", (chunk: Buffer) =>
      down.push(chunk, (raw) => client.write(raw), (frame) => {
        if (link.deaf || link.clientGone) return;
        const verdict = this.toClient({ conn: link.index, fields: fieldsOf(frame), raw: frame });
        if (verdict === "pass") client.write(frame);
        else if (typeof verdict === "object") client.write(encodeFrame(verdict.replace));
      }),
    );
    // A hung gateway keeps its side of a connection the runner gave up on (TWS still sees the client id).
    client.on("close", () => {
      link.clientGone = true;
      if (!link.deaf && link.held.length === 0) gateway.end();
    });
    gateway.on("close", () => client.destroy());
    client.on("error", () => {});
    gateway.on("error", () => {});
  }
}
