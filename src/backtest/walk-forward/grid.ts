import { UserError } from "../../core/errors.ts";

export type Params = Readonly<Record<string, number>>;
export type Grid = Readonly<Record<string, readonly number[]>>;

/** Every combination of the grid's values, in key order then value order (the first key varies slowest). */
export function expandGrid(grid: Grid): Params[] {
  let combos: Record<string, number>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (values.length === 0) throw new UserError(`walk-forward: grid parameter '${key}' has no values`);
    combos = combos.flatMap((combo) => values.map((v) => ({ ...combo, [key]: v })));
  }
  return combos;
}

/**
 * Parses `fast=5,10,20:slow=30,50,100` (parameters separated by ':', values by ','). A value may
 * also be a range `start..end` or `start..end..step` (integers, end included): `fast=5..20..5`.
 */
export function parseGrid(text: string): Grid {
  const grid: Record<string, number[]> = {};
  const form = "expected name=v1,v2,...[:name2=...], e.g. fast=5,10,20:slow=30,50,100";
  for (const part of text.split(":")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (eq <= 0 || !/^[a-zA-Z][\w-]*$/.test(name)) throw new UserError(`walk-forward: --grid '${part}' has no parameter name; ${form}`);
    if (name in grid) throw new UserError(`walk-forward: --grid names '${name}' twice`);
    const values: number[] = [];
    for (const item of part.slice(eq + 1).split(",")) values.push(...parseValues(name, item.trim(), form));
    grid[name] = [...new Set(values)];
  }
  return grid;
}

function parseValues(name: string, item: string, form: string): number[] {
  const range = item.match(/^(-?\d+)\.\.(-?\d+)(?:\.\.(\d+))?$/);
  if (range) {
    const [start, end, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
    if (step <= 0 || end < start) throw new UserError(`walk-forward: --grid ${name}=${item}: a range needs start <= end and a positive step`);
    if ((end - start) / step > 10_000) throw new UserError(`walk-forward: --grid ${name}=${item} has more than 10000 values`);
    const out: number[] = [];
    for (let v = start; v <= end; v += step) out.push(v);
    return out;
  }
  const value = Number(item);
  if (item === "" || !Number.isFinite(value)) throw new UserError(`walk-forward: --grid ${name}: '${item}' is not a number; ${form}`);
  return [value];
}
