import { defineCommand } from "citty";
import { builtInStrategies } from "../strategy/registry.ts";
import type { ParamInfo } from "../strategy/types.ts";
import { commonArgs } from "./_args.ts";
import { printJson, printText } from "./_output.ts";

/** "period (integer >= 2, default 14): RSI period (bars)". */
export function paramLine(p: ParamInfo): string {
  const bounds = [p.min !== undefined ? `>= ${p.min}` : "", p.max !== undefined ? `<= ${p.max}` : ""].filter(Boolean).join(" ");
  const type = p.type === "enum" ? (p.options ?? []).join(" | ") : `${p.type}${bounds ? ` ${bounds}` : ""}`;
  const fallback = p.default === undefined ? "required" : `default ${String(p.default)}`;
  return `--${p.name} (${type}, ${fallback})${p.description ? `: ${p.description}` : ""}`;
}

export default defineCommand({
  meta: { name: "list", description: "Built-in strategies with their parameters (types, bounds, defaults)" },
  args: { ...commonArgs },
  run({ args }) {
    const all = builtInStrategies();
    if (args.json) {
      printJson({ strategies: all.map((s) => ({ name: s.name, kind: s.kind, description: s.description, params: s.params })) });
      return;
    }
    const out: string[] = [];
    for (const s of all) {
      out.push(`${s.name}${s.kind === "portfolio" ? " (portfolio)" : ""}: ${s.description}`);
      for (const p of s.params) out.push(`    ${paramLine(p)}`);
    }
    out.push("", "A strategy file of your own: robotrader strategy new NAME, then --strategy ./NAME.ts");
    printText(out.join("\n"));
  },
});
