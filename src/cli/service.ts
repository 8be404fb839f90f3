import { stubCommand } from "./_stub.ts";

export default stubCommand("service", "Install/uninstall/show the launchd (macOS) or systemd (Linux) service");
