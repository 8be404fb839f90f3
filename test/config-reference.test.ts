import { describe, expect, test } from "bun:test";
import { CONFIG_KEYS } from "../src/config/keys.ts";
import { REFERENCE_FILE, renderConfigReference, SCHEMA_FILE } from "../scripts/config-reference.ts";

describe("docs/configuration.md", () => {
  test("is what the schema generates (run `bun scripts/config-reference.ts` after changing src/config/schema.ts)", async () => {
    const committed = await Bun.file(REFERENCE_FILE).text();
    expect(committed).toBe(renderConfigReference(await Bun.file(SCHEMA_FILE).text()));
  });

  test("names every key with its variable, and a schema change shows up in it", async () => {
    const source = await Bun.file(SCHEMA_FILE).text();
    const text = renderConfigReference(source);
    for (const k of CONFIG_KEYS) expect([k.toml, text.includes(`| \`${k.toml.split(".").pop()}\` | \`${k.env}\` |`)]).toEqual([k.toml, true]);
    // A changed field comment changes the reference: the drift test above would fail.
    const edited = source.replace("/** Where TWS / IB Gateway listens. */", "/** Somewhere else. */");
    expect(edited).not.toBe(source);
    expect(renderConfigReference(edited)).toContain("| Somewhere else. |");
  });
});
