import { expect, test } from "bun:test";
import { closeSync, ftruncateSync, mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MAX_RECORD_BYTES, readBarsCsvFile } from "./bars-csv-file.ts";

test("a device, a directory, or a 'line' past the record bound is refused in bounded memory", () => {
  expect(() => readBarsCsvFile("/dev/zero", { barSize: "1d" })).toThrow("it is a device, not a CSV file");
  const dir = mkdtempSync(path.join(tmpdir(), "rt-csv-file-"));
  expect(() => readBarsCsvFile(dir, { barSize: "1d" })).toThrow("it is a directory, not a CSV file");
  // A sparse file of zero bytes with no newline, just past the bound: costs no disk.
  const file = path.join(dir, "zeros.csv");
  const fd = openSync(file, "w");
  ftruncateSync(fd, MAX_RECORD_BYTES + 1);
  closeSync(fd);
  expect(() => readBarsCsvFile(file, { barSize: "1d" })).toThrow("a line is longer than 64 MiB: not a CSV file of bars");
});
