import { ibFixed } from "../core/commission/ib-fixed.ts";
import { money } from "../core/money.ts";
import { Portfolio } from "../core/portfolio.ts";
import { brokerContract } from "../engine/broker-contract.ts";
import { PaperBroker } from "./paper-broker.ts";

brokerContract("PaperBroker", () => {
  const broker = new PaperBroker({ commission: ibFixed, funds: new Portfolio(money(1_000_000)) });
  let time = 1_800_000_000_000;
  return {
    broker,
    symbol: "AAPL",
    price: 150,
    nextBar: (bar) => broker.onBar("AAPL", { time: (time += 300_000), ...bar }),
    settle: async () => {},
    close: () => {},
  };
});
