/** The API handshake: "API\0", then one frame "v{min}..{max}[ options]" without a trailing NUL. */

/** Layouts this simulator encodes: 176 (ib_async's 178 and below it) up to @stoqey's 193. */
export const SIM_MIN_VERSION = 176;
export const SIM_MAX_VERSION = 193;

export interface VersionRange {
  readonly min: number;
  readonly max: number;
  readonly options: string;
}

export type Negotiation =
  | { readonly kind: "accepted"; readonly serverVersion: number; readonly range: VersionRange }
  | { readonly kind: "rejected"; readonly reason: string; readonly range?: VersionRange };

/** Parses the version frame; the body may or may not carry a trailing NUL (clients differ). */
export function parseVersionRange(body: Buffer): VersionRange | undefined {
  const text = body.toString("latin1").replace(/\0+$/, "");
  const m = /^v(\d{1,4})(?:\.\.(\d{1,4}))?(?: (.*))?$/.exec(text);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) return undefined;
  return { min, max, options: m[3] ?? "" };
}

/** Like TWS: answer min(our max, client max), never above what the client said it reads. */
export function negotiate(body: Buffer): Negotiation {
  const range = parseVersionRange(body);
  if (!range) {
    const shown = JSON.stringify(body.toString("latin1").slice(0, 40));
    return { kind: "rejected", reason: `bad version string ${shown}; expected "v{min}..{max}"` };
  }
  if (range.max < SIM_MIN_VERSION) {
    return {
      kind: "rejected",
      range,
      reason: `client version range v${range.min}..${range.max} is below the simulator's minimum ${SIM_MIN_VERSION}`,
    };
  }
  if (range.min > SIM_MAX_VERSION) {
    return {
      kind: "rejected",
      range,
      reason: `client version range v${range.min}..${range.max} is above the simulator's maximum ${SIM_MAX_VERSION}`,
    };
  }
  return { kind: "accepted", serverVersion: Math.min(SIM_MAX_VERSION, range.max), range };
}
