import { defaultBars } from "../../sim-gateway/market/universe.ts";
import { brokerContract } from "../../../engine/broker-contract.ts";
import { brokerRig, roundTrip, startTestSim } from "../../../../test/helpers/runner-harness.ts";

const AAPL_0302 = defaultBars("AAPL")!.find((b) => b.time === Date.UTC(2020, 2, 2))!;

brokerContract("IbBroker over TCP against the gateway simulator", async () => {
  const { sim, clock } = await startTestSim();
  const rig = await brokerRig(sim);
  return {
    broker: rig.broker,
    symbol: "AAPL",
    price: AAPL_0302.open,
    // The simulator moves by its own replayed prices: one 5-second step per "bar".
    nextBar: async () => {
      clock.advance(5000);
      await roundTrip(rig.conn);
    },
    settle: () => roundTrip(rig.conn),
    close: async () => {
      await rig.close();
      await sim.close();
    },
  };
});
