import { describe, expect, test } from "bun:test";
import { readTomlConfig } from "./toml-file.ts";

const messages = (text: string) => readTomlConfig("/x/robotrader.toml", text).problems.map((p) => p.message);

describe("readTomlConfig", () => {
  test("maps snake_case keys in sections to config keys with their lines", () => {
    const { values, problems } = readTomlConfig("/x/robotrader.toml", '# comment\nmode = "live"\n\n[gateway]\nclient_id = 3\n');
    expect(problems).toEqual([]);
    expect(values.map((v) => [v.key.path, v.value, v.line])).toEqual([
      ["mode", "live", 2],
      ["gateway.clientId", 3, 5],
    ]);
  });

  test("Windows files (byte-order mark, CRLF) read the same", () => {
    const { values, problems } = readTomlConfig("/x/robotrader.toml", '\uFEFFmode = "live"\r\n[gateway]\r\nport = 4001\r\n');
    expect(problems).toEqual([]);
    expect(values.map((v) => [v.key.path, v.value, v.line])).toEqual([
      ["mode", "live", 1],
      ["gateway.port", 4001, 3],
    ]);
  });

  test("dotted keys at top level are read like sections", () => {
    const { values } = readTomlConfig("/x/robotrader.toml", "risk.max_open_positions = 2\n");
    expect(values.map((v) => [v.key.path, v.value])).toEqual([["risk.maxOpenPositions", 2]]);
  });

  test("a syntax error names the file, the line and shows it", () => {
    expect(messages('mode = "paper"\n[gateway]\nport = \nhost = "x"\n')).toEqual([
      "Cannot parse /x/robotrader.toml line 3: Missing value after '='; values must be on the same line\n      3 | port =",
    ]);
  });

  test("a syntax error after a multi-line array points at the right line", () => {
    const [message] = messages('symbols = [\n  "AAPL",\n  "MSFT",\n]\n[gateway]\nport = 1\nport = 2\n');
    expect(message).toStartWith("Cannot parse /x/robotrader.toml line 7:");
  });

  test("an unterminated string is a syntax error on its line", () => {
    const [message] = messages('mode = "paper\n');
    expect(message).toStartWith("Cannot parse /x/robotrader.toml line 1:");
  });

  test("unknown keys are errors naming key, file and line, with a suggestion", () => {
    expect(messages("[gateway]\nclientId = 3\n[risk]\nmax_open_position = 1\n[dashbaord]\nport = 1\n[logging]\nx = 1\n")).toEqual([
      "Unknown key gateway.clientId in /x/robotrader.toml line 2; did you mean gateway.client_id?",
      "Unknown key risk.max_open_position in /x/robotrader.toml line 4; did you mean risk.max_open_positions?",
      "Unknown section [dashbaord] in /x/robotrader.toml line 5; did you mean [dashboard]?",
      "Unknown section [logging] in /x/robotrader.toml line 7; sections are [gateway], [risk], [circuit_breaker], [data], [run], [strategy], [dashboard], [notify]",
    ]);
  });

  test("a top-level key that belongs in a section suggests the sections that have it", () => {
    expect(messages("port = 4002\n")).toEqual([
      "Unknown key port in /x/robotrader.toml line 1; did you mean gateway.port or dashboard.port?",
    ]);
  });

  test("a key with no likely meaning points to config show", () => {
    expect(messages("colour = 1\n")).toEqual([
      "Unknown key colour in /x/robotrader.toml line 1; `robotrader config show` lists the known keys",
    ]);
  });

  test("a section given as a value, or a value given as a table, is an error", () => {
    expect(messages("gateway = 5\n[mode]\nx = 1\n")).toEqual([
      "Invalid config in /x/robotrader.toml line 1: gateway = 5, expected a table [gateway]",
      'Invalid config in /x/robotrader.toml line 2: mode is a table, expected "paper" or "live"',
    ]);
  });
  test("more than 20 unknown keys give 20 messages and a count", () => {
    const found = messages("[gateway]\n" + Array.from({ length: 500 }, (_, i) => `k${i} = ${i}`).join("\n"));
    expect(found).toHaveLength(21);
    expect(found.at(-1)).toBe("... and 480 more unknown keys in /x/robotrader.toml");
  });

  test("a syntax error at the end of a long file is found by bisecting, on the right line", () => {
    const text = Array.from({ length: 1_500 }, (_, i) => `k${i} = ${i}`).join("\n") + "\nx = [1,\n";
    expect(messages(text)[0]).toStartWith("Cannot parse /x/robotrader.toml line 1501:");
  });

  test("a file too deep or with too many keys is refused before parsing", () => {
    expect(messages("a = " + "[".repeat(100_000) + "]".repeat(100_000))).toEqual([
      "Cannot parse /x/robotrader.toml line 1: arrays or tables nested more than 32 levels deep",
    ]);
  });
});
