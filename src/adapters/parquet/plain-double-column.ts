import { snappyUncompress, type FileMetaData } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";

const LITTLE = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** One data page's values: `bytes` bytes at `at`, Snappy-compressed or not. */
interface Page {
  readonly at: number;
  readonly bytes: number;
  readonly rows: number;
  readonly snappy: boolean;
}

/**
 * The file's bytes [at, at + bytes) in a mapping of their own, or undefined. A column used in
 * place from its own mapping is unmapped once the column is unreachable (the run's open, high,
 * low and volume before its statistics); a view of the whole file's mapping keeps every column's
 * pages resident as long as any one column lives.
 */
export type MapRange = (at: number, bytes: number) => Uint8Array | undefined;

/**
 * A column of a Parquet file as a Float64Array straight from the file's bytes, when it is stored
 * as plain doubles: top-level DOUBLE, REQUIRED, UNCOMPRESSED or SNAPPY, no dictionary, every page
 * a PLAIN data page (v1 or v2) of 8 bytes per value. One uncompressed page at a file offset that
 * is a multiple of 8 (robotrader's own layout, bars-parquet-write.ts) is used in place, no copy
 * (from its own mapping when `mapRange` gives one);
 * other pages are copied, or Snappy-decoded by hyparquet's own decoder, once into one array (not
 * into a buffer per page and then the column). Anything else -> undefined, and hyparquet decodes
 * the column. hyparquet parses the file's metadata and each page header; this only moves values.
 */
export function plainDoubleColumn(file: Uint8Array, metadata: FileMetaData, name: string, mapRange?: MapRange): Float64Array | undefined {
  if (!LITTLE) return undefined;
  const element = metadata.schema.find((e, i) => i > 0 && e.name === name);
  const top = metadata.schema.slice(1).filter((e) => e.name === name).length === 1 && element?.num_children === undefined;
  if (!top || element?.type !== "DOUBLE" || element.repetition_type !== "REQUIRED" || element.converted_type || element.logical_type) return undefined;
  const pages: Page[] = [];
  let total = 0;
  for (const group of metadata.row_groups) {
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name);
    const meta = chunk?.meta_data;
    if (!chunk || !meta || chunk.file_path !== undefined || meta.type !== "DOUBLE" || (meta.codec !== "UNCOMPRESSED" && meta.codec !== "SNAPPY")) return undefined;
    if (meta.dictionary_page_offset !== undefined || meta.num_values !== group.num_rows) return undefined;
    const rows = Number(meta.num_values);
    const start = Number(meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    if (end > file.length) return undefined;
    const found = dataPages(file, start, end, rows, meta.codec === "SNAPPY");
    if (!found) return undefined;
    pages.push(...found);
    total += rows;
  }
  if (total !== Number(metadata.num_rows)) return undefined;
  const only = pages.length === 1 ? pages[0]! : undefined;
  if (only && !only.snappy && (file.byteOffset + only.at) % 8 === 0) {
    const own = mapRange?.(only.at, only.bytes);
    if (own && own.byteOffset % 8 === 0) return new Float64Array(own.buffer, own.byteOffset, total);
    return new Float64Array(file.buffer, file.byteOffset + only.at, total);
  }
  const out = new Float64Array(total);
  let row = 0;
  for (const p of pages) {
    const into = new Uint8Array(out.buffer, row * 8, p.rows * 8);
    const bytes = file.subarray(p.at, p.at + p.bytes);
    if (!p.snappy) into.set(bytes);
    else {
      try {
        snappyUncompress(bytes, into);
      } catch {
        return undefined; // hyparquet reads it again and says what is wrong
      }
    }
    row += p.rows;
  }
  return out;
}

/** A column chunk's pages, when each is a PLAIN data page of plain doubles (8 bytes a value once decompressed). */
function dataPages(file: Uint8Array, start: number, end: number, rows: number, snappy: boolean): Page[] | undefined {
  const reader = { view: new DataView(file.buffer, file.byteOffset, file.byteLength), offset: start };
  const pages: Page[] = [];
  let seen = 0;
  while (seen < rows) {
    let header: ReturnType<typeof parquetHeader>;
    try {
      header = parquetHeader(reader);
    } catch {
      return undefined;
    }
    const v1 = header.type === "DATA_PAGE" ? header.data_page_header : undefined;
    const v2 = header.type === "DATA_PAGE_V2" ? header.data_page_header_v2 : undefined;
    const n = v1?.num_values ?? v2?.num_values ?? -1;
    if (!v1 && !v2) return undefined;
    if ((v1 ?? v2)!.encoding !== "PLAIN" || n <= 0 || seen + n > rows) return undefined;
    if (v2 && (v2.num_nulls !== 0 || v2.num_rows !== n || v2.definition_levels_byte_length !== 0 || v2.repetition_levels_byte_length !== 0)) return undefined;
    // A v2 page says whether it is compressed; a v1 page is, whenever the chunk's codec is not UNCOMPRESSED.
    const compressed = snappy && (v2 ? v2.is_compressed !== false : true);
    const size = header.compressed_page_size;
    if (header.uncompressed_page_size !== n * 8 || (!compressed && size !== n * 8)) return undefined;
    if (reader.offset + size > end) return undefined;
    pages.push({ at: reader.offset, bytes: size, rows: n, snappy: compressed });
    reader.offset += size;
    seen += n;
  }
  return pages;
}
