import { stubCommand } from "./_stub.ts";

export default stubCommand("indicators", "Compute TA-Lib-compatible indicators over stored or CSV bars");
