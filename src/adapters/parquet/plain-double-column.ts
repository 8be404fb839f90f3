import type { FileMetaData } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";

const LITTLE = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/**
 * A column of a Parquet file as a Float64Array straight from the file's bytes, when it is stored
 * as plain doubles: top-level DOUBLE, REQUIRED, UNCOMPRESSED, no dictionary, every page a PLAIN
 * data page (v1 or v2) holding exactly 8 bytes per value. One page at a file offset that is a
 * multiple of 8 (robotrader's own layout, bars-parquet-write.ts) is used in place, no copy; other
 * pages are copied once into one array. Anything else -> undefined, and hyparquet decodes the
 * column. hyparquet parses the file's metadata and each page header; this only reads the values.
 */
export function plainDoubleColumn(file: Uint8Array, metadata: FileMetaData, name: string): Float64Array | undefined {
  if (!LITTLE) return undefined;
  const element = metadata.schema.find((e, i) => i > 0 && e.name === name);
  const top = metadata.schema.slice(1).filter((e) => e.name === name).length === 1 && element?.num_children === undefined;
  if (!top || element?.type !== "DOUBLE" || element.repetition_type !== "REQUIRED" || element.converted_type || element.logical_type) return undefined;
  const pages: { at: number; rows: number }[] = [];
  let total = 0;
  for (const group of metadata.row_groups) {
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name);
    const meta = chunk?.meta_data;
    if (!chunk || !meta || chunk.file_path !== undefined || meta.type !== "DOUBLE" || meta.codec !== "UNCOMPRESSED") return undefined;
    if (meta.dictionary_page_offset !== undefined || meta.num_values !== group.num_rows) return undefined;
    const rows = Number(meta.num_values);
    const start = Number(meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    if (end > file.length) return undefined;
    const found = dataPages(file, start, end, rows);
    if (!found) return undefined;
    pages.push(...found);
    total += rows;
  }
  if (total !== Number(metadata.num_rows)) return undefined;
  if (pages.length === 1 && (file.byteOffset + pages[0]!.at) % 8 === 0) return new Float64Array(file.buffer, file.byteOffset + pages[0]!.at, total);
  const out = new Float64Array(total);
  const bytes = new Uint8Array(out.buffer);
  let row = 0;
  for (const p of pages) {
    bytes.set(file.subarray(p.at, p.at + p.rows * 8), row * 8);
    row += p.rows;
  }
  return out;
}

/** The value bytes of a column chunk's pages, when each is a PLAIN data page of plain doubles. */
function dataPages(file: Uint8Array, start: number, end: number, rows: number): { at: number; rows: number }[] | undefined {
  const reader = { view: new DataView(file.buffer, file.byteOffset, file.byteLength), offset: start };
  const pages: { at: number; rows: number }[] = [];
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
    if ((v1 ?? v2)!.encoding !== "PLAIN" || n <= 0) return undefined;
    if (v2 && (v2.num_nulls !== 0 || v2.num_rows !== n || v2.definition_levels_byte_length !== 0 || v2.repetition_levels_byte_length !== 0)) return undefined;
    if (header.compressed_page_size !== n * 8 || header.uncompressed_page_size !== n * 8) return undefined;
    if (reader.offset + n * 8 > end || seen + n > rows) return undefined;
    pages.push({ at: reader.offset, rows: n });
    reader.offset += n * 8;
    seen += n;
  }
  return pages;
}
