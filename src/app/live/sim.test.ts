import { describe, expect, test } from "bun:test";
import { UserError } from "../../core/errors.ts";
import { createLogger } from "../../log/logger.ts";
import { startRunSimulator } from "./sim.ts";

const log = createLogger({ quiet: true, format: "json", stream: { write: () => true } });
const refusal = async (start: string): Promise<unknown> => {
  try {
    const sim = await startRunSimulator({ symbols: ["AAPL"], explicit: true, start, log });
    await sim.gateway.close();
  } catch (error) {
    return error;
  }
  throw new Error(`--start ${start} was accepted`);
};

describe("run --sim --start outside the data", () => {
  test("a day after or before the replayable data is a one-line UserError naming the range that exists", async () => {
    const late = await refusal("2030-01-01");
    expect(late).toBeInstanceOf(UserError);
    expect((late as Error).message).toBe("--start: replay start 2030-01-01 is after the data: SPX has bars from 2000-01-03 to 2020-04-17; pick a day in that range");
    const early = await refusal("1990-01-01");
    expect((early as Error).message).toBe("--start: replay start 1990-01-01 is before the data: SPX has bars from 2000-01-03 to 2020-04-17; pick a day in that range");
    expect(await refusal("2020-13-45")).toBeInstanceOf(UserError);
  });
});
