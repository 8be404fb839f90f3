import { stubCommand } from "./_stub.ts";

export default stubCommand("diagnose-gateway", "Tell why the TWS / IB Gateway API does not answer, with the fix");
