import { FARM_CODES } from "../error-codes.ts";

export type FarmKind = "market-data" | "historical" | "sec-def";
export type FarmState = "ok" | "broken" | "inactive";

export interface FarmNotice {
  readonly kind: FarmKind;
  /** IB's farm name after the colon ("usfarm", "ushmds"), or the kind when IB names none. */
  readonly farm: string;
  readonly state: FarmState;
  readonly code: number;
}

const CODE_MEANING: Record<number, { kind: FarmKind; state: FarmState }> = {
  2103: { kind: "market-data", state: "broken" },
  2104: { kind: "market-data", state: "ok" },
  2105: { kind: "historical", state: "broken" },
  2106: { kind: "historical", state: "ok" },
  2107: { kind: "historical", state: "inactive" },
  2108: { kind: "market-data", state: "inactive" },
  2119: { kind: "market-data", state: "inactive" },
  2157: { kind: "sec-def", state: "broken" },
  2158: { kind: "sec-def", state: "ok" },
};

/** Reads a farm notice ("Market data farm connection is OK:usfarm"); undefined for other codes. */
export function parseFarmNotice(code: number, message: string): FarmNotice | undefined {
  if (!FARM_CODES.has(code)) return undefined;
  const meaning = CODE_MEANING[code];
  if (!meaning) return undefined;
  const colon = message.lastIndexOf(":");
  const name = colon >= 0 ? message.slice(colon + 1).trim() : "";
  return { ...meaning, farm: name.length > 0 && !name.includes(" ") ? name : meaning.kind, code };
}

/**
 * Latest state of each data farm. Farm notices only update this map: they never close the
 * connection (a broken farm usually heals by itself within minutes).
 */
export class FarmStatus {
  #farms = new Map<string, FarmNotice & { readonly since: number }>();

  /** Applies a notice; returns it when it changed the map, undefined when nothing changed. */
  apply(notice: FarmNotice, at: number): FarmNotice | undefined {
    const key = `${notice.kind}:${notice.farm}`;
    const before = this.#farms.get(key);
    if (before && before.state === notice.state) return undefined;
    this.#farms.set(key, { ...notice, since: at });
    return notice;
  }

  /** Broken farms (inactive ones are benign: IB wakes them on demand). */
  broken(kind?: FarmKind): FarmNotice[] {
    return this.list().filter((f) => f.state === "broken" && (kind === undefined || f.kind === kind));
  }

  list(): (FarmNotice & { readonly since: number })[] {
    return [...this.#farms.values()];
  }
}
