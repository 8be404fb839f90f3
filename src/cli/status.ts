import { stubCommand } from "./_stub.ts";

export default stubCommand("status", "Runner status: positions, orders, connection, metrics");
