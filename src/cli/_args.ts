import type { ArgsDef } from "citty";

/** Flags every command takes. Logs go to stderr; --json output goes to stdout. */
export const commonArgs = {
  json: { type: "boolean", description: "Machine-readable JSON on stdout (logs stay on stderr)" },
  config: { type: "string", description: "Path to robotrader.toml (else $ROBOTRADER_CONFIG, ./robotrader.toml, data/robotrader.toml)" },
  "log-format": { type: "string", description: "Log format: pretty | json (default: pretty on a TTY, json otherwise)" },
  quiet: { type: "boolean", alias: "q", description: "Only warnings and errors" },
  verbose: { type: "boolean", alias: "v", description: "Debug logging" },
} as const satisfies ArgsDef;
