import { stubCommand } from "./_stub.ts";

export default stubCommand("kill-switch", "Block (on) or allow (off) new orders, also for a running runner");
