import type { Fill } from "../../core/fill.ts";
import type { OrderRequest } from "../../core/order.ts";
import { PassContext } from "../../strategy/pass-context.ts";
import type { ConfiguredStrategy, Strategy, StrategyContext, StrategySetup, SubmitResult } from "../../strategy/types.ts";

/** From the first bar at or after `fromTime` on, `strategy` decides. */
export interface StrategySwitch {
  readonly fromTime: number;
  readonly strategy: ConfiguredStrategy;
}

/**
 * One strategy whose parameters change over time, for the out-of-sample account of a walk-forward
 * run: `first` decides until the first switch, then each switch's strategy in turn. Every version
 * sees every bar (its indicators and its own state stay current, so a newly chosen version does
 * not act on a stale "previous bar"), but only the version in force may submit or cancel orders;
 * the others get a muted context. Positions and open orders belong to the account, not to a
 * version: the version taking over inherits them and exits them by its own rules.
 */
export function switchingStrategy(first: ConfiguredStrategy, switches: readonly StrategySwitch[]): ConfiguredStrategy {
  for (let k = 1; k < switches.length; k++) {
    if (!(switches[k]!.fromTime > switches[k - 1]!.fromTime)) throw new RangeError("switchingStrategy: switch times must increase");
  }
  if (switches.length === 0) return first;
  return {
    name: first.name,
    params: first.params,
    create: (setup) => new Switching(setup, [first, ...switches.map((s) => s.strategy)], switches.map((s) => s.fromTime)),
  };
}

class Switching implements Strategy {
  /** One instance per version (versions with equal parameters share one). */
  readonly #versions: Strategy[];
  /** Index into #versions of the strategy in force before the first switch, then after each. */
  readonly #schedule: number[];
  readonly #times: readonly number[];
  #k = 0;
  /** Which version submitted each order, so its fills reach it even after a switch. */
  readonly #owner = new Map<string, Strategy>();
  #muted: MutedContext | undefined;
  #live: OwnedContext | undefined;

  constructor(setup: StrategySetup, strategies: readonly ConfiguredStrategy[], times: readonly number[]) {
    const byParams = new Map<string, number>();
    this.#versions = [];
    this.#schedule = strategies.map((s) => {
      const key = JSON.stringify(Object.entries(s.params).sort(([a], [b]) => (a < b ? -1 : 1)));
      let index = byParams.get(key);
      if (index === undefined) {
        index = this.#versions.push(s.create(setup)) - 1;
        byParams.set(key, index);
      }
      return index;
    });
    this.#times = times;
  }

  onBar(ctx: StrategyContext): void {
    const time = ctx.bar.time;
    while (this.#k < this.#times.length && this.#times[this.#k]! <= time) this.#k++;
    const active = this.#versions[this.#schedule[this.#k]!]!;
    if (this.#muted?.inner !== ctx) this.#muted = new MutedContext(ctx);
    if (this.#live?.inner !== ctx) this.#live = new OwnedContext(ctx, this.#owner);
    for (const version of this.#versions) {
      if (version === active) {
        this.#live.owner = version;
        version.onBar(this.#live);
      } else {
        version.onBar(this.#muted);
      }
    }
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    const owner = this.#owner.get(fill.orderKey) ?? this.#versions[this.#schedule[this.#k]!]!;
    owner.onFill?.(fill, ctx);
  }
}

/** The version in force: orders go through, and each key is remembered with its submitter. */
class OwnedContext extends PassContext {
  owner: Strategy | undefined;
  readonly #owners: Map<string, Strategy>;

  constructor(inner: StrategyContext, owners: Map<string, Strategy>) {
    super(inner);
    this.#owners = owners;
  }

  override submit(order: OrderRequest): SubmitResult {
    const result = this.inner.submit(order);
    if (result.kind === "accepted" && this.owner) this.#owners.set(result.key, this.owner);
    return result;
  }
}

const NOT_IN_FORCE: SubmitResult = { kind: "refused", rule: "walk-forward", reason: "these parameters are not in force in this window" };

/** A version not in force: it reads everything, its orders are refused and its cancels ignored. */
class MutedContext extends PassContext {
  override submit(): SubmitResult {
    return NOT_IN_FORCE;
  }
  override cancel(): void {}
}
