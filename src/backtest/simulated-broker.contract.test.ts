import { ibFixed } from "../core/commission/ib-fixed.ts";
import { brokerContract } from "../engine/broker-contract.ts";
import { SimulatedBroker } from "./simulated-broker.ts";

brokerContract("SimulatedBroker", () => {
  const broker = new SimulatedBroker({ commission: ibFixed, slippageBps: 5 });
  let time = 1_800_000_000_000;
  return {
    broker,
    symbol: "AAPL",
    price: 150,
    nextBar: (bar) => broker.onBar("AAPL", { time: (time += 86_400_000), ...bar }),
    settle: async () => {},
    close: () => {},
  };
});
