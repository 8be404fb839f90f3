import type { BrokerEvent } from "../../core/events.ts";
import type { BarFillingBroker, BrokerListener } from "../../engine/ports.ts";
import type { RunInput } from "../../engine/run-inputs.ts";

/** A recorded run's inputs with a read position, shared by the replay's feed, broker and checks. */
export class InputCursor {
  readonly inputs: readonly RunInput[];
  i = 0;

  constructor(inputs: readonly RunInput[]) {
    this.inputs = inputs;
  }

  peek(): RunInput | undefined {
    return this.inputs[this.i];
  }
}

/**
 * The broker a replay trades with: it makes no decisions, it hands the engine the order
 * updates and fills the recorded run received. Events that arrived while the run's engine
 * handled a bar (a paper fill on the open, an acknowledgement) came out of a broker call
 * (onBar, submit, cancel), so they are given back at the same call; events that arrived
 * between bars are delivered by the feed at their place in the stream.
 */
export class ReplayBroker implements BarFillingBroker {
  readonly #cursor: InputCursor;
  readonly #listeners: BrokerListener[] = [];

  constructor(cursor: InputCursor) {
    this.#cursor = cursor;
  }

  submit(): void {
    this.nested();
  }

  cancel(): void {
    this.nested();
  }

  onBar(): void {
    this.nested();
  }

  subscribe(listener: BrokerListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  /** Delivers the recorded events that came out of the broker call just made. */
  nested(): void {
    const cursor = this.#cursor;
    for (let next = cursor.peek(); next?.kind === "event" && next.nested; next = cursor.peek()) {
      cursor.i++;
      this.emit(next.event);
    }
  }

  emit(event: BrokerEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}
