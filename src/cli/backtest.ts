import { stubCommand } from "./_stub.ts";

export default stubCommand("backtest", "Event-driven backtest with realistic fills and IB commissions");
