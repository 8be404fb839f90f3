import type { Migration } from "../migrate.ts";
import { barsAndRuns } from "./0001-bars-and-runs.ts";
import { ordersAndFills } from "./0002-orders-and-fills.ts";
import { monitoring } from "./0003-monitoring.ts";
import { metricsByTime } from "./0004-metrics-by-time.ts";
import { marketTime } from "./0005-market-time.ts";
import { accounts } from "./0006-accounts.ts";
import { runInputs } from "./0007-run-inputs.ts";
import { models } from "./0008-models.ts";
import { strategyPositions } from "./0009-strategy-positions.ts";

/**
 * Every schema change, in order. To change the schema, add a file `000N-name.ts` with the
 * next version and append it here; never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [barsAndRuns, ordersAndFills, monitoring, metricsByTime, marketTime, accounts, runInputs, models, strategyPositions];

export const SCHEMA_VERSION = MIGRATIONS.length;
