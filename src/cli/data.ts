import { stubCommand } from "./_stub.ts";

export default stubCommand("data", "Import, list, export and fetch bar data");
