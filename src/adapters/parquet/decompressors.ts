import { brotliDecompressSync } from "node:zlib";
import type { Compressors } from "hyparquet";

/**
 * Native decompressors for the codecs hyparquet leaves to its caller: ZSTD (Polars' default),
 * GZIP and BROTLI. Snappy stays hyparquet's own; LZ4 has no native decoder here and keeps
 * hyparquet's "unsupported compression codec" error.
 */
export const DECOMPRESSORS: Compressors = {
  ZSTD: (input) => Bun.zstdDecompressSync(input),
  GZIP: (input) => Bun.gunzipSync(input as Uint8Array<ArrayBuffer>), // hyparquet passes views of ArrayBuffers
  BROTLI: (input) => brotliDecompressSync(input),
};
