import { EventName, type IBApi } from "@stoqey/ib";
import type { Clock } from "../../../core/clock.ts";

export interface HeartbeatOptions {
  readonly api: IBApi;
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Server time minus local time, each time the server answers. */
  readonly onSkew: (skewMs: number) => void;
  /** The server did not answer within timeoutMs: the API is dead even if TCP is open. */
  readonly onDead: (waitedMs: number) => void;
}

/** Sends reqCurrentTime every intervalMs and expects currentTime back within timeoutMs. */
export class Heartbeat {
  readonly #o: HeartbeatOptions;
  #cancelTick: (() => void) | undefined;
  #cancelDeadline: (() => void) | undefined;
  #sentAt = 0;
  #stopped = false;
  readonly #onTime = (serverSeconds: number) => {
    this.#cancelDeadline?.();
    this.#cancelDeadline = undefined;
    if (Number.isFinite(serverSeconds)) {
      const now = this.#o.clock.now();
      // Seconds resolution: compare with the midpoint of the round trip.
      this.#o.onSkew(serverSeconds * 1000 - (this.#sentAt + now) / 2);
    }
  };

  constructor(options: HeartbeatOptions) {
    this.#o = options;
  }

  start(): void {
    this.#o.api.on(EventName.currentTime, this.#onTime);
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelTick?.();
    this.#cancelDeadline?.();
    this.#o.api.off(EventName.currentTime, this.#onTime);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#cancelTick = this.#o.clock.setTimer(this.#o.intervalMs, () => this.#beat());
  }

  #beat(): void {
    if (this.#stopped) return;
    this.#sentAt = this.#o.clock.now();
    if (!this.#cancelDeadline) {
      this.#cancelDeadline = this.#o.clock.setTimer(this.#o.timeoutMs, () => {
        if (!this.#stopped) this.#o.onDead(this.#o.timeoutMs);
      });
    }
    this.#o.api.reqCurrentTime();
    this.#schedule();
  }
}
