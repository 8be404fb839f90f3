import { defineCommand, type CommandDef } from "citty";

const load = (p: Promise<{ default: CommandDef<any> }>) => p.then((m) => m.default);

export default defineCommand({
  meta: { name: "data", description: "Import, list, export, fetch, delete and resample bar data (SQLite store + embedded SPX)" },
  subCommands: {
    import: () => load(import("./data-import.ts")),
    list: () => load(import("./data-list.ts")),
    export: () => load(import("./data-export.ts")),
    fetch: () => load(import("./data-fetch.ts")),
    delete: () => load(import("./data-delete.ts")),
    resample: () => load(import("./data-resample.ts")),
  },
});
