import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { clipMessage } from "../../core/errors.ts";
import { readBarsFile } from "./import.ts";

const dir = mkdtempSync(path.join(tmpdir(), "rt-import-"));
const refusal = async (file: string): Promise<string> => {
  try {
    await readBarsFile(file, { barSize: "1d" });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} was accepted`);
};

describe("readBarsFile bounds what it echoes and says what a path is", () => {
  test("a 5 MB header line is cut in the message, with the count of what was left out", async () => {
    const file = path.join(dir, "wide.csv");
    writeFileSync(file, "x".repeat(5_000_000) + "\n1,2\n");
    const message = await refusal(file);
    expect(message.length).toBeLessThan(600);
    expect(message).toStartWith(`Cannot import ${file} line 1: `);
    expect(message).toMatch(/\.\.\. \(\d+ more characters\)\nNothing was imported\.$/);
  });

  test("/dev/zero and a directory are named for what they are, not 'no such file'", async () => {
    expect(await refusal("/dev/zero")).toBe("Cannot import /dev/zero: it is a device, not a CSV file");
    expect(await refusal(dir)).toBe(`Cannot import ${dir}: it is a directory, not a CSV file`);
    expect(await refusal(path.join(dir, "absent.csv"))).toEndWith("absent.csv: no such file");
  });

  test("clipMessage leaves short messages whole", () => {
    expect(clipMessage("short")).toBe("short");
    expect(clipMessage("abcdef", 3)).toBe("abc... (3 more characters)");
  });
});
