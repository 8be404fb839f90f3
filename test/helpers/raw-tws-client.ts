import { connect, type Socket } from "node:net";

/**
 * A bare TWS-API client over a real socket, for protocol tests: it speaks the wire format
 * directly (greeting, length-prefixed NUL-terminated fields) and records every frame the
 * server sends, so tests can check exact field lists the way ib_async's strict readers do.
 */
export class RawTwsClient {
  readonly socket: Socket;
  readonly frames: string[][] = [];
  #buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      while (this.#buffer.length >= 4) {
        const n = this.#buffer.readUInt32BE(0);
        if (this.#buffer.length < 4 + n) break;
        const body = this.#buffer.subarray(4, 4 + n).toString("utf8");
        this.#buffer = this.#buffer.subarray(4 + n);
        // every field ends with NUL, so the split leaves one empty tail to drop
        this.frames.push(body.split("\0").slice(0, -1));
      }
      this.#wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.#wake();
    });
    socket.on("error", () => {});
  }

  static open(port: number): Promise<RawTwsClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: "127.0.0.1", port }, () => resolve(new RawTwsClient(s)));
      s.once("error", reject);
    });
  }

  /** "API\0" + the length-prefixed version range (no trailing NUL), as both real clients send it. */
  hello(range: string): void {
    const v = Buffer.from(range, "latin1");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(v.length);
    this.socket.write(Buffer.concat([Buffer.from("API\0", "latin1"), len, v]));
  }

  send(fields: readonly (string | number)[]): void {
    const body = Buffer.from(fields.map((f) => `${f}\0`).join(""), "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    this.socket.write(Buffer.concat([len, body]));
  }

  raw(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Waits for a frame (after index `from`) matching `match`; rejects on close or timeout. */
  async frame(match: (f: string[]) => boolean, from = 0, timeoutMs = 3000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.slice(from).find(match);
      if (hit) return hit;
      if (this.closed) throw new Error(`connection closed before the frame arrived; frames: ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has closed the connection (or rejects after timeoutMs). */
  async closedByServer(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("server did not close the connection");
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, deadline - Date.now());
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Handshake + startApi; resolves with the server version once nextValidId has arrived. */
  async start(range: string, clientId: number): Promise<number> {
    this.hello(range);
    const hello = await this.frame((f) => f.length === 2);
    this.send([71, 2, clientId, ""]);
    await this.frame((f) => f[0] === "9");
    return Number(hello[0]);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end();
    });
  }
}
