import { defineCommand } from "citty";
import { NotImplementedError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";

// The IB connectivity work replaces this file with historical-data download.
export default defineCommand({
  meta: { name: "fetch", description: "Download historical bars from IB into the store (not implemented yet)" },
  args: { ...commonArgs },
  run() {
    throw new NotImplementedError("data fetch");
  },
});
