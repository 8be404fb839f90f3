import { pauseCommand } from "./pause.ts";

export default pauseCommand(false);
