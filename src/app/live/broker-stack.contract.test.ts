import { ibFixed } from "../../core/commission/ib-fixed.ts";
import { money } from "../../core/money.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { brokerContract } from "../../engine/broker-contract.ts";
import type { BarFillingBroker, Broker } from "../../engine/ports.ts";
import { createLogger } from "../../log/logger.ts";
import { meteredBroker } from "./metered-broker.ts";
import { PaperBroker } from "../../backtest/paper-broker.ts";
import { recordingBroker, RunRecorder } from "./recorder.ts";

const quiet = createLogger({ quiet: true, format: "json", stream: { write: () => true } as unknown as NodeJS.WritableStream });

/** `run --broker paper`'s broker wrapped as the session wraps it (the bare PaperBroker: backtest/paper-broker.contract.test.ts); bars go in by onBar, as the engine hands them. */
function paperHarness(wrap: (paper: PaperBroker) => Broker) {
  const paper = new PaperBroker({ commission: ibFixed, funds: new Portfolio(money(1_000_000)) });
  const broker = wrap(paper);
  let time = 1_800_000_000_000;
  return {
    broker,
    symbol: "AAPL",
    price: 150,
    nextBar: (bar: { open: number; high: number; low: number; close: number; volume: number }) => (broker as BarFillingBroker).onBar("AAPL", { time: (time += 300_000), ...bar }),
    settle: async () => {},
    close: () => {},
  };
}

brokerContract("PaperBroker, metered and recorded as run wires it", () => {
  let recorder: RunRecorder | undefined;
  const h = paperHarness((paper) => {
    recorder = new RunRecorder({ write: () => {}, log: quiet });
    const noMeter = { sent() {}, acknowledged() {}, event() {} };
    return recordingBroker(meteredBroker(paper, noMeter), recorder);
  });
  return { ...h, close: () => recorder?.close() };
});
