/** One CSV record and the 1-based line it starts on (for error messages). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

export interface CsvSyntaxError {
  readonly line: number;
  readonly message: string;
}

/**
 * Splits CSV text into records: RFC 4180 quoting ("a,b" and "" for a quote, newlines inside
 * quotes), LF or CRLF line ends, a leading UTF-8 BOM dropped, blank lines skipped.
 * Lines without quotes take a fast path. Records are produced one at a time so a large file
 * is never held twice; a syntax error ends the sequence (it is yielded last).
 */
export function* csvRecords(text: string): Generator<CsvRecord | CsvSyntaxError> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let pos = 0;
  let line = 1;
  while (pos < src.length) {
    let end = src.indexOf("\n", pos);
    if (end < 0) end = src.length;
    const raw = src.slice(pos, end);
    if (!raw.includes('"')) {
      const body = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (body.trim() !== "") yield { line, fields: body.split(",") };
      pos = end + 1;
      line++;
      continue;
    }
    const parsed = quotedRecord(src, pos, line);
    if ("error" in parsed) {
      yield { line, message: parsed.error };
      return;
    }
    yield { line, fields: parsed.fields };
    pos = parsed.next;
    line = parsed.nextLine;
  }
}

/** All records and syntax errors at once (small files, tests). */
export function readCsv(text: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  for (const r of csvRecords(text)) {
    if ("fields" in r) records.push(r);
    else errors.push(r);
  }
  return { records, errors };
}

export type Quoted = { fields: string[]; next: number; nextLine: number } | { error: string };

export function quotedRecord(src: string, start: number, startLine: number): Quoted {
  const fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let line = startLine;
  let i = start;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') (field += '"'), i++;
        else inQuotes = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"') {
      if (field.trim() !== "") return { error: `a quote inside the unquoted field '${field}"...'; quote the whole field` };
      field = "";
      inQuotes = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n") {
      break;
    } else if (c !== "\r" || src[i + 1] !== "\n") {
      field += c;
    }
  }
  if (inQuotes) return { error: `a quoted field opened on line ${startLine} is never closed` };
  fields.push(field);
  return { fields, next: i + 1, nextLine: line + 1 };
}
