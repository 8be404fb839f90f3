import { stubCommand } from "./_stub.ts";

export default stubCommand("serve", "Status page: HTTP + WebSocket dashboard");
