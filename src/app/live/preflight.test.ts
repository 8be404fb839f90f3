import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AppConfigSchema } from "../../config/schema.ts";
import { UserError } from "../../core/errors.ts";
import { createLogger } from "../../log/logger.ts";
import { checkRunConfig } from "./preflight.ts";

const log = createLogger({ quiet: true, format: "json", stream: { write: () => true } });
const config = (input: Record<string, unknown>) => v.parse(AppConfigSchema, input);

describe("checkRunConfig: --replay-clock", () => {
  test("is for a separate simulator in paper mode: refused with --sim, with mode live, and with --live", () => {
    const paper = config({});
    expect(() => checkRunConfig({ config: paper, broker: "ibkr", live: false, sim: true, replayClock: true, log })).toThrow(/--sim already follows its own simulator's clock/);
    const live = config({ mode: "live", gateway: { port: 4001, accountId: "U1234567" } });
    expect(() => checkRunConfig({ config: live, broker: "ibkr", live: true, sim: false, replayClock: true, log })).toThrow(UserError);
    expect(() => checkRunConfig({ config: live, broker: "paper", live: false, sim: false, replayClock: true, log })).toThrow(/cannot be used with mode = "live"/);
  });

  test("a paper run against a sim-gateway on any port is allowed", () => {
    expect(() => checkRunConfig({ config: config({ gateway: { port: 4913 } }), broker: "ibkr", live: false, sim: false, replayClock: true, log })).not.toThrow();
  });
});
