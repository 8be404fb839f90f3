// The embedded CSV itself, in a module of its own: sp500.ts `require`s it on first use, so a
// command that never reads the series (a backtest of a --data file) does not load 406 KB of text.
import csvText from "../../../node_modules/vega-datasets/data/sp500-2000.csv" with { type: "text" };

export default csvText;
