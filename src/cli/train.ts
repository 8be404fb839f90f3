import { stubCommand } from "./_stub.ts";

export default stubCommand("train", "Train and validate ML models on stored bars");
