export { parseBarsCsv, type BarsCsvOptions, type BarsCsvResult, type CsvProblem } from "./bars-csv-read.ts";
export { formatBarsCsv, EXPORT_HEADER } from "./bars-csv-write.ts";
export { formatBarTime } from "./format-time.ts";
export { LAST_YEAR, parseBarTime, TIME_FORMS, type ParsedTime } from "./parse-time.ts";
export { timeZoneFormat } from "./zoned-time.ts";
