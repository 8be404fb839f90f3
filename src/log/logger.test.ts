import { describe, expect, test } from "bun:test";
import { parseLogFormat } from "./log-format.ts";
import { createLogger, type LoggerOptions } from "./logger.ts";

function capture(options: LoggerOptions = {}, isTTY = false) {
  const lines: string[] = [];
  const stream = { isTTY, write: (text: string) => lines.push(...text.split("\n").filter((l) => l.length > 0)) };
  return { log: createLogger({ ...options, stream }), lines };
}

describe("createLogger", () => {
  test("writes one JSON object per line when not on a TTY", () => {
    const { log, lines } = capture();
    log.info("connected to", "127.0.0.1:4002");
    log.withTag("ib").warn("farm down");
    log.error(new Error("boom"));
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => [p.level, p.tag, p.msg])).toEqual([
      ["info", undefined, "connected to 127.0.0.1:4002"],
      ["warn", "ib", "farm down"],
      ["error", undefined, expect.stringContaining("Error: boom")],
    ]);
    expect(parsed[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test("a trailing object becomes structured data", () => {
    const { log, lines } = capture({ format: "json" });
    log.info("order sent", { symbol: "AAPL", qty: 10 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "order sent", data: { symbol: "AAPL", qty: 10 } });
  });

  test("is readable text on a TTY, and JSON there when asked", () => {
    const pretty = capture({}, true);
    pretty.log.withTag("engine").info("started");
    expect(pretty.lines[0]).toMatch(/^\d\d:\d\d:\d\d \[engine\] started$/);
    const json = capture({ format: "json" }, true);
    json.log.info("started");
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ level: "info", msg: "started" });
  });

  test("masks account ids and configured secrets in every line, data included", () => {
    const token = "tok-0123456789abcdef";
    const { log, lines } = capture({ format: "json", secrets: ["DU1234567", token] });
    log.info("account DU1234567 ready");
    log.warn(`dashboard token ${token}`);
    log.info("managed accounts", { accounts: ["DU1234567", "U7654321"], [token]: 1 });
    log.error(new Error(`login failed for DU1234567`));
    const text = lines.join("\n");
    expect(text).not.toContain("DU1234567");
    expect(text).not.toContain("U7654321");
    expect(text).not.toContain(token);
    expect(text).toContain("DU12****");
    expect(text).toContain("tok-****");
    const pretty = capture({ format: "pretty", secrets: [token] });
    pretty.log.info("t", { token });
    expect(pretty.lines.join("\n")).not.toContain(token);
  });

  test("--quiet keeps warnings and errors, --verbose adds debug", () => {
    const quiet = capture({ quiet: true });
    quiet.log.info("i");
    quiet.log.debug("d");
    quiet.log.warn("w");
    quiet.log.error("e");
    expect(quiet.lines.map((l) => JSON.parse(l).msg)).toEqual(["w", "e"]);
    const normal = capture();
    normal.log.debug("d");
    normal.log.info("i");
    expect(normal.lines.map((l) => JSON.parse(l).msg)).toEqual(["i"]);
    const verbose = capture({ verbose: true });
    verbose.log.debug("d");
    expect(verbose.lines.map((l) => JSON.parse(l).msg)).toEqual(["d"]);
  });

  test("repeated identical lines are all written at once, not held back", () => {
    const { log, lines } = capture();
    for (let i = 0; i < 10; i++) log.info("heartbeat");
    expect(lines).toHaveLength(10);
  });
});

describe("parseLogFormat", () => {
  test("accepts pretty and json, undefined means by TTY", () => {
    expect(parseLogFormat("json")).toBe("json");
    expect(parseLogFormat("PRETTY")).toBe("pretty");
    expect(parseLogFormat(undefined)).toBeUndefined();
  });

  test("anything else is a user error naming the value", () => {
    expect(() => parseLogFormat("xml")).toThrow('Invalid --log-format "xml", expected pretty or json');
  });
});
