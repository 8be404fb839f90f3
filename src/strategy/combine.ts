import { UserError } from "../core/errors.ts";
import type { Fill } from "../core/fill.ts";
import type { OrderIntent, OrderRequest } from "../core/order.ts";
import { PassContext } from "./pass-context.ts";
import { StrategyBooks, strategyLimitsCheck, type StrategyLimits } from "./strategy-limits.ts";
import type { ConfiguredStrategy, Strategy, StrategyContext, StrategySetup, SubmitResult } from "./types.ts";

/** One strategy of an account with the symbols it trades. */
export interface StrategyMember {
  readonly strategy: ConfiguredStrategy;
  readonly symbols: readonly string[];
  /** This strategy's own limits, besides the account's. */
  readonly limits?: StrategyLimits | undefined;
  /** Shares it already holds by symbol (a restarted runner: from the database's positions per strategy). */
  readonly held?: Readonly<Record<string, number>> | undefined;
  /** Where it came from: a built-in's name or a strategy file's path (replay builds it again from this). */
  readonly source?: string | undefined;
}

/** The strategy name an intent key carries: "rt:NAME:SYMBOL:side:time[:n]". */
export function strategyOfKey(key: string): string | undefined {
  return /^rt:([^:]+):/.exec(key)?.[1];
}

/**
 * Several strategies in one account as one strategy for the engine: on each bar of a symbol,
 * every member that trades it decides in member order. Each member sees only its own
 * position (from the fills of its own orders) and its own open orders, and its orders carry
 * its name (intent and key), so orders, positions and P&L are attributed to it. Two members
 * may trade the same symbol; the account holds the sum.
 */
export function combineStrategies(members: readonly StrategyMember[]): ConfiguredStrategy {
  const names = members.map((m) => m.strategy.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new UserError(`strategy ${dup} is configured twice in one account: give each an own name (id)`);
  const portfolio = members.find((m) => m.strategy.createPortfolio !== undefined);
  if (portfolio) throw new UserError(`${portfolio.strategy.name} is a portfolio strategy: it runs alone in an account, not beside others`);
  const books = new StrategyBooks();
  for (const m of members) for (const [symbol, qty] of Object.entries(m.held ?? {})) books.add(m.strategy.name, symbol, qty);
  const limits = new Map(members.flatMap((m) => (m.limits ? [[m.strategy.name, m.limits] as const] : [])));
  return {
    name: names.join("+"),
    params: Object.fromEntries(members.map((m) => [m.strategy.name, m.strategy.params])),
    members,
    holders: (symbol) => books.holders(symbol),
    ...(limits.size > 0 ? { checks: [strategyLimitsCheck(books, limits)] } : {}),
    create(setup) {
      const here = members.filter((m) => m.symbols.includes(setup.symbol));
      return new Combined(here.map((m) => new Member(m.strategy, setup, books)), books);
    },
  };
}

/** One member on one symbol: its instance, its position and the context it decides through. */
class Member {
  readonly name: string;
  readonly strategy: Strategy;
  readonly context: MemberContext;

  constructor(c: ConfiguredStrategy, setup: StrategySetup, books: StrategyBooks) {
    this.name = c.name;
    this.strategy = c.create(setup);
    this.context = new MemberContext(c.name, books);
  }
}

class MemberContext extends PassContext {
  readonly #name: string;
  readonly #books: StrategyBooks;

  constructor(name: string, books: StrategyBooks) {
    super();
    this.#name = name;
    this.#books = books;
  }

  /** Signed shares from this member's own fills on this symbol. */
  override position(): number {
    return this.#books.held(this.#name, this.symbol);
  }

  override submit(order: OrderRequest): SubmitResult {
    return this.submitAs(this.#name, order);
  }

  override openOrders(): readonly OrderIntent[] {
    return this.inner.openOrders().filter((o) => o.strategy === this.#name);
  }
}

class Combined implements Strategy {
  readonly #members: readonly Member[];
  readonly #books: StrategyBooks;

  constructor(members: readonly Member[], books: StrategyBooks) {
    this.#members = members;
    this.#books = books;
  }

  onBar(ctx: StrategyContext): void {
    this.#books.mark(ctx.symbol, ctx.bar.close);
    for (const m of this.#members) {
      m.context.inner = ctx;
      m.strategy.onBar(m.context);
    }
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    const name = strategyOfKey(fill.orderKey);
    const m = this.#members.find((x) => x.name === name);
    if (m === undefined) return;
    this.#books.add(m.name, fill.symbol, fill.side === "buy" ? fill.qty : -fill.qty);
    m.context.inner = ctx;
    m.strategy.onFill?.(fill, m.context);
  }
}
