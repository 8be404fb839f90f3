import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strategyTemplate } from "../../app/strategy/template.ts";
import { strategyNames } from "../../strategy/registry.ts";
import { isStrategyFile, loadStrategyFile } from "./load-strategy-file.ts";

const dir = mkdtempSync(path.join(tmpdir(), "rt-strategy-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("loadStrategyFile", () => {
  test("loads the template as is: name, kind, parameters with their defaults and types", async () => {
    const s = await loadStrategyFile(file("my-ma.ts", strategyTemplate("my-ma")), strategyNames());
    expect([s.name, s.kind, s.file]).toEqual(["my-ma", "symbol", path.join(dir, "my-ma.ts")]);
    expect(s.params.map((p) => [p.name, p.type, p.default])).toEqual([["period", "integer", 20], ["average", "enum", "sma"], ["exitBelow", "boolean", true]]);
    expect(s.configure({ period: "30", exitBelow: "false" }).params).toEqual({ period: 30, average: "sma", exitBelow: false });
  });

  test("a plain .js file with a named export works too", async () => {
    const s = await loadStrategyFile(file("plain.js", `import { v } from "robotrader";\nexport const strategy = { name: "plain", description: "", params: v.object({}), create: () => ({ onBar() {} }) };\n`));
    expect(s.name).toBe("plain");
  });

  test("a syntax error names file:line:column", async () => {
    const p = file("syntax.ts", `import { defineStrategy, v } from "robotrader";\n\nexport default defineStrategy({ name: "x", description: "", params: v.object({}), create() { return { onBar(ctx) { ctx.submit(; } }; } });\n`);
    await expect(loadStrategyFile(p)).rejects.toThrow(new RegExp(`^strategy file ${p.replace(/[.]/g, "\\.")}:3:\\d+: Unexpected ;`));
  });

  test("a throw while the file loads names the line", async () => {
    const p = file("throws.ts", `const x = 1;\nthrow new Error("no config");\nexport default {};\n`);
    await expect(loadStrategyFile(p)).rejects.toThrow(`${p}:2:`);
  });

  test("a wrong export lists every problem; a missing file and a built-in's name are refused", async () => {
    const p = file("shape.js", `export default { name: "Bad Name", create: 3 };\n`);
    await expect(loadStrategyFile(p)).rejects.toThrow(/name must be lower-case words.*description must be a string.*params must be a valibot schema.*create must be a function/);
    await expect(loadStrategyFile(path.join(dir, "nope.ts"))).rejects.toThrow(/nope\.ts does not exist \(write one with: robotrader strategy new NAME\)/);
    const clash = file("clash.ts", strategyTemplate("sma-cross"));
    await expect(loadStrategyFile(clash, strategyNames())).rejects.toThrow("name 'sma-cross' is a built-in strategy's; give yours another name");
  });

  test("a --strategy value is a file when it has a slash or a script extension", () => {
    expect(["./a.ts", "dir/b", "c.js", "d.mjs"].map(isStrategyFile)).toEqual([true, true, true, true]);
    expect(["sma-cross", "rsi-reversion"].map(isStrategyFile)).toEqual([false, false]);
  });
});
