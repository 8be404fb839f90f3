/** A dense row-major matrix of float64 features: row i, column j at data[i * cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data: Float64Array = new Float64Array(rows * cols)): Matrix {
  if (data.length !== rows * cols) throw new RangeError(`matrix ${rows}x${cols} needs ${rows * cols} values, got ${data.length}`);
  return { rows, cols, data };
}

/** The listed rows, in the given order. */
export function takeRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const out = new Float64Array(rows.length * m.cols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols);
  }
  return { rows: rows.length, cols: m.cols, data: out };
}

/** Picks the listed entries of a vector. */
export function takeValues(v: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]!]!;
  return out;
}

/** Copy of column j. */
export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

/** The first row (and column) holding a non-finite value, or undefined when all are finite. */
export function firstNonFinite(m: Matrix): { row: number; col: number } | undefined {
  for (let k = 0; k < m.data.length; k++) {
    if (!Number.isFinite(m.data[k]!)) return { row: Math.floor(k / m.cols), col: k % m.cols };
  }
  return undefined;
}
