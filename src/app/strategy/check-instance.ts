import type { ConfiguredStrategy, PortfolioStrategy, Strategy } from "../../strategy/types.ts";

/** What `create` or a callback gave back that the engine cannot use; `part` names where it is in the file. */
export interface InstanceProblem {
  readonly part: "create" | "onBar" | "onStep" | "onFill";
  readonly message: string;
}

const ASYNC_HOOK = (part: string) =>
  `${part} returned a Promise (is it async?): robotrader calls it at each bar's close and does not wait, ` +
  `so an order placed after an await goes out bars later and an exception in it is lost; make ${part} a plain function`;

/**
 * Wraps a file's strategy for `strategy check`: what its `create` returns and what its callbacks
 * return are checked, the mistakes a type checker would catch that otherwise only show at run
 * time as an engine error (`onBar is not a function`) or not at all (an async onBar's lost
 * exceptions). Each problem is reported once; an unusable instance is replaced by one that does
 * nothing, so the run goes on and every other problem is found too.
 */
export function checkInstances(c: ConfiguredStrategy, report: (problem: InstanceProblem) => void): ConfiguredStrategy {
  const seen = new Set<string>();
  const once = (problem: InstanceProblem) => {
    if (seen.has(problem.message)) return;
    seen.add(problem.message);
    report(problem);
  };
  const returned = (part: InstanceProblem["part"], value: unknown) => {
    if (isThenable(value)) {
      value.then(undefined, () => {}); // its rejection is the problem reported, not an unhandled one
      once({ part, message: ASYNC_HOOK(part) });
    }
  };
  const shaped = <T>(value: unknown, hook: "onBar" | "onStep"): value is T => {
    if (isThenable(value)) {
      value.then(undefined, () => {});
      once({ part: "create", message: `create returned a Promise (is it async?): it must return { ${hook}(ctx) } at once` });
      return false;
    }
    const v = value as Record<string, unknown> | null | undefined;
    if (typeof v !== "object" || v === null || typeof v[hook] !== "function") {
      once({ part: "create", message: `create must return an object with ${hook}(ctx), got ${describe(value)}` });
      return false;
    }
    if (v["onFill"] !== undefined && typeof v["onFill"] !== "function") {
      once({ part: "create", message: `onFill must be a function when given, got ${describe(v["onFill"])}` });
      return false;
    }
    return true;
  };
  const wrapped: ConfiguredStrategy = {
    ...c,
    create(setup) {
      const inner: unknown = c.create(setup);
      if (!shaped<Strategy>(inner, "onBar")) return { onBar() {} };
      return {
        onBar: (ctx) => returned("onBar", inner.onBar(ctx)),
        ...(inner.onFill ? { onFill: (fill, ctx) => returned("onFill", inner.onFill!(fill, ctx)) } : {}),
      };
    },
  };
  const createPortfolio = c.createPortfolio;
  if (createPortfolio === undefined) return wrapped;
  return {
    ...wrapped,
    createPortfolio(setup) {
      const inner: unknown = createPortfolio(setup);
      if (!shaped<PortfolioStrategy>(inner, "onStep")) return { onStep() {} };
      return {
        onStep: (ctx) => returned("onStep", inner.onStep(ctx)),
        ...(inner.onFill ? { onFill: (fill, ctx) => returned("onFill", inner.onFill!(fill, ctx)) } : {}),
      };
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** "undefined", "an object with onbar, state", "a function", "3". */
function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "object") {
    const keys = Object.keys(value);
    return keys.length === 0 ? "an empty object" : `an object with ${keys.slice(0, 6).join(", ")}`;
  }
  return JSON.stringify(value) ?? String(value);
}
