import { expect, test } from "bun:test";
import { splitShellWords } from "./shell-words.ts";

test("splits like a shell: quotes group, backslashes escape, extra spaces vanish", () => {
  expect(splitShellWords("run --broker paper")).toEqual(["run", "--broker", "paper"]);
  expect(splitShellWords(`  run --strategy "sma cross"  --note 'it''s' a\\ b ""`)).toEqual(["run", "--strategy", "sma cross", "--note", "its", "a b", ""]);
  expect(splitShellWords(`"say \\"hi\\""`)).toEqual([`say "hi"`]);
  expect(splitShellWords("")).toEqual([]);
});

test("an unterminated quote is an error", () => {
  expect(() => splitShellWords(`run --strategy "sma`)).toThrow(`unterminated " quote`);
});
