import { stubCommand } from "./_stub.ts";

export default stubCommand("market-status", "NYSE session now: pre-market, regular, after-hours, closed");
