import { open, type FileHandle } from "node:fs/promises";

const CHUNK_BYTES = 1 << 20;

/** What a bounded read gives: the text, or why there is none. */
export type BoundedRead =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: "too-large" | "unreadable"; readonly message: string };

/**
 * Reads a whole file as text, stopping at `limit` bytes, so that `--config /dev/zero` or a huge
 * file ends in a clear error instead of filling memory. Works for pipes and devices (a shell's
 * `<(...)`, /dev/null), whose size is unknown until read.
 */
export async function readBounded(path: string, limit: number): Promise<BoundedRead> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    if ((await handle.stat()).isDirectory()) return { ok: false, reason: "unreadable", message: "is a directory, not a file" };
    // Read in chunks (memory follows the file, not the limit); one byte past the limit tells
    // "exactly the limit" from "more".
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(CHUNK_BYTES, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { ok: false, reason: "too-large", message: `is larger than ${formatBytes(limit)}` };
    }
    return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks, total)) };
  } catch (error) {
    return { ok: false, reason: "unreadable", message: error instanceof Error ? error.message : String(error) };
  } finally {
    await handle?.close();
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
