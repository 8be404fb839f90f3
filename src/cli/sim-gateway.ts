import { stubCommand } from "./_stub.ts";

export default stubCommand("sim-gateway", "Run the TWS-API gateway simulator (real wire protocol)");
