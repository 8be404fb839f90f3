import { EMBEDDED_SYMBOL } from "../../adapters/embedded/sp500.ts";
import { seriesSummary } from "../../adapters/sqlite/bars-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import { isEmbeddedSeries } from "./load-bars.ts";

/**
 * Stored SPX 1d bars take the place of the embedded S&P 500 series in every command. The first
 * write of such bars needs --replace, so the embedded series is never hidden by accident;
 * once the user's own series is stored, it is theirs to extend.
 */
export function guardEmbeddedSeries(db: Db, symbol: string, barSize: BarSize, replace: boolean, command: string): void {
  if (!isEmbeddedSeries(symbol, barSize) || replace || seriesSummary(db, { symbol, barSize })) return;
  throw new UserError(
    `${EMBEDDED_SYMBOL} 1d is the embedded S&P 500 series; storing ${EMBEDDED_SYMBOL} 1d bars would hide it from every command. ` +
      `Re-run ${command} with --replace to use yours instead (\`robotrader data delete --symbol ${EMBEDDED_SYMBOL}\` brings the embedded series back), ` +
      `or store them under another symbol. Nothing was stored.`,
  );
}
