import { stubCommand } from "./_stub.ts";

export default stubCommand("run", "Trade: live data from TWS/IB Gateway (or --sim), paper or live execution");
