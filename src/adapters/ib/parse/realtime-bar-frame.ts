/**
 * IB's REAL_TIME_BARS message (id 50), decoded straight from its frame: the fields
 * @stoqey/ib 1.6.10 hands to its `realtimeBar` listeners, without its generic per-message
 * work (the whole frame as a string, token arrays concatenated into a queue and shifted one
 * by one, an emit queue, the `received`/`result`/`all` events). 100 symbols send 100 of these
 * per 5 seconds; everything else still goes through the library.
 *
 * The values are the library's exactly: integers through parseInt(token, 10) ("" is 0),
 * prices through parseFloat ("" is 0, Number.MAX_VALUE is undefined), volume and WAP as its
 * readDecimal (commas dropped; "", MAX_VALUE and Infinity are undefined). A frame this does
 * not decode cleanly (another message, a field more or less) is left
 * to the library, whose warnings and errors then apply as before. The text is decoded as the
 * library decodes it (UTF-8, split at NUL), so the tokens parsed are the ones it would parse.
 */
export interface RealtimeBarFields {
  readonly reqId: number;
  /** Bar start, epoch seconds. */
  readonly time: number;
  readonly open: number | undefined;
  readonly high: number | undefined;
  readonly low: number | undefined;
  readonly close: number | undefined;
  readonly volume: number | undefined;
  readonly wap: number | undefined;
  readonly count: number;
}

/** The message id, the version and nine values, each ended by NUL. */
const FIELDS = 11;

/**
 * The frame body `body[start, end)` (after its 4-byte length) as a real-time bar, or
 * undefined when it is not one this decodes exactly like the library.
 */
export function decodeRealtimeBarFrame(body: Buffer, start: number, end: number): RealtimeBarFields | undefined {
  // "50\0" first; cheap to refuse every other message before any decoding.
  if (end - start < 3 || body[start] !== 0x35 || body[start + 1] !== 0x30 || body[start + 2] !== 0) return undefined;
  // The library's tokens exactly: the frame as UTF-8 text, split at NUL; the last one ends the frame.
  const t = body.toString("utf8", start, end).split("\0");
  if (t.length !== FIELDS + 1 || t[FIELDS] !== "") return undefined;
  return {
    reqId: int(t[2]!),
    time: int(t[3]!),
    open: double(t[4]!),
    high: double(t[5]!),
    low: double(t[6]!),
    close: double(t[7]!),
    volume: decimal(t[8]!),
    wap: decimal(t[9]!),
    count: int(t[10]!),
  };
}

function int(token: string): number {
  return token === "" ? 0 : parseInt(token, 10);
}

function double(token: string): number | undefined {
  if (token === "") return 0;
  const value = parseFloat(token);
  return value === Number.MAX_VALUE ? undefined : value;
}

function decimal(token: string): number | undefined {
  if (token === "") return undefined;
  const value = parseFloat(token.includes(",") ? token.replaceAll(",", "") : token);
  return value === Number.MAX_VALUE || value === Infinity ? undefined : value;
}
