import { stubCommand } from "./_stub.ts";

export default stubCommand("config", "Show the effective configuration");
