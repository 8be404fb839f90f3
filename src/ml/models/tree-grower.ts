import type { BinnedMatrix } from "./binning.ts";
import type { Tree } from "./tree.ts";

export interface GrowParams {
  readonly maxDepth: number;
  /** Minimum count (sum of c) in each child. */
  readonly minLeaf: number;
  /** Minimum hessian sum in each child. */
  readonly minChildWeight: number;
  /** L2 on leaf values (0 for a forest). */
  readonly lambda: number;
  /** A split must gain more than this. */
  readonly minGain: number;
  /** Features tried per split (all of them unless a forest samples). */
  readonly featuresPerSplit: number;
  /** "mean": leaf = G/H (a forest's class frequency); "newton": leaf = -G/(H+lambda) (boosting). */
  readonly leaf: "mean" | "newton";
  /** Leaf values are multiplied by this (the learning rate). */
  readonly shrink: number;
  /** Derive the larger child's histogram from the parent's (default); false builds both (for tests). */
  readonly subtract?: boolean;
}

/** Per-row statistics: gradient g, hessian h and count c (bootstrap multiplicity). */
export interface RowStats {
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly c: Float64Array;
}

/**
 * Grows histogram trees on one binned matrix: per node, per-bin sums of g, h and c for each
 * candidate feature; the best split maximises G_L^2/(H_L+l) + G_R^2/(H_R+l) - G^2/(H+l). With
 * every feature tried, only the smaller child's histogram is built and the larger one is the
 * parent's minus it. Buffers are allocated once and reused across trees.
 */
export class TreeGrower {
  readonly #b: BinnedMatrix;
  readonly #p: GrowParams;
  readonly #stride: number;
  /** Histograms per depth, two slots each: [depth * 2 + slot] -> cols * 256 * 3 values. */
  readonly #hist: Float64Array[];
  readonly #features: Int32Array;
  readonly #gain: Float64Array;
  #rows: Uint32Array = new Uint32Array(0);
  #s!: RowStats;
  #rnd: () => number = Math.random;
  // growing node arrays
  #feature: number[] = [];
  #bin: number[] = [];
  #threshold: number[] = [];
  #left: number[] = [];
  #right: number[] = [];
  #value: number[] = [];
  #leafStart: number[] = [];
  #leafEnd: number[] = [];
  #leafNode: number[] = [];
  #edges: readonly Float64Array[];

  constructor(b: BinnedMatrix, edges: readonly Float64Array[], p: GrowParams) {
    this.#b = b;
    this.#p = p;
    this.#edges = edges;
    this.#stride = 256 * 3;
    this.#hist = Array.from({ length: (p.maxDepth + 1) * 2 }, () => new Float64Array(b.cols * this.#stride));
    this.#features = Int32Array.from({ length: b.cols }, (_, i) => i);
    this.#gain = new Float64Array(b.cols);
  }

  /** Sum of split gains per feature over every tree grown so far. */
  get gain(): Float64Array {
    return this.#gain;
  }

  /**
   * Grows one tree on the given rows (the array is reordered in place: afterwards each leaf's
   * rows are contiguous, see addLeafValues). rnd samples features when featuresPerSplit < cols.
   */
  grow(rows: Uint32Array, stats: RowStats, rnd: () => number): Tree {
    this.#rows = rows;
    this.#s = stats;
    this.#rnd = rnd;
    this.#feature = [];
    this.#bin = [];
    this.#threshold = [];
    this.#left = [];
    this.#right = [];
    this.#value = [];
    this.#leafStart = [];
    this.#leafEnd = [];
    this.#leafNode = [];
    const full = this.#p.featuresPerSplit >= this.#b.cols;
    if (full) this.#build(this.#hist[0]!, 0, rows.length, this.#b.cols);
    this.#node(0, rows.length, 0, 0, full);
    return {
      feature: Int32Array.from(this.#feature),
      bin: Int32Array.from(this.#bin),
      threshold: Float64Array.from(this.#threshold),
      left: Int32Array.from(this.#left),
      right: Int32Array.from(this.#right),
      value: Float64Array.from(this.#value),
    };
  }

  /** After grow: adds each leaf's value to out[row] for the rows that fell in it. */
  addLeafValues(out: Float64Array): void {
    const rows = this.#rows;
    for (let l = 0; l < this.#leafNode.length; l++) {
      const v = this.#value[this.#leafNode[l]!]!;
      for (let i = this.#leafStart[l]!; i < this.#leafEnd[l]!; i++) out[rows[i]!]! += v;
    }
  }

  #newNode(): number {
    this.#feature.push(-1);
    this.#bin.push(0);
    this.#threshold.push(0);
    this.#left.push(-1);
    this.#right.push(-1);
    this.#value.push(0);
    return this.#feature.length - 1;
  }

  /** Histogram of rows[start, end) for the first nf entries of #features into buf. */
  #build(buf: Float64Array, start: number, end: number, nf: number): void {
    const { g, h, c } = this.#s;
    const rows = this.#rows;
    const n = this.#b.rows;
    const codes = this.#b.codes;
    const stride = this.#stride;
    for (let k = 0; k < nf; k++) {
      const f = this.#features[k]!;
      const off = f * stride;
      buf.fill(0, off, off + this.#b.bins[f]! * 3);
      const base = f * n;
      if (this.#p.minLeaf > 0) {
        for (let i = start; i < end; i++) {
          const r = rows[i]!;
          const at = off + codes[base + r]! * 3;
          buf[at]! += g[r]!;
          buf[at + 1]! += h[r]!;
          buf[at + 2]! += c[r]!;
        }
      } else {
        // Without a minimum leaf count the counts are never read: boosting skips them.
        for (let i = start; i < end; i++) {
          const r = rows[i]!;
          const at = off + codes[base + r]! * 3;
          buf[at]! += g[r]!;
          buf[at + 1]! += h[r]!;
        }
      }
    }
  }

  #node(start: number, end: number, depth: number, slot: number, full: boolean): number {
    const p = this.#p;
    const id = this.#newNode();
    const { g, h, c } = this.#s;
    const rows = this.#rows;
    let G = 0, H = 0, C = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      G += g[r]!;
      H += h[r]!;
      C += c[r]!;
    }
    const leafValue = p.leaf === "mean" ? (H > 0 ? G / H : 0) : -G / (H + p.lambda);
    this.#value[id] = leafValue * p.shrink;
    const canSplit = depth < p.maxDepth && C >= 2 * p.minLeaf && H >= 2 * p.minChildWeight;
    if (!canSplit) return this.#leaf(id, start, end);

    const buf = this.#hist[depth * 2 + slot]!;
    let nf = this.#b.cols;
    if (!full) {
      nf = Math.max(1, Math.min(p.featuresPerSplit, nf));
      const fs = this.#features;
      for (let k = 0; k < nf; k++) {
        const j = k + Math.floor(this.#rnd() * (fs.length - k));
        const t = fs[k]!;
        fs[k] = fs[j]!;
        fs[j] = t;
      }
      this.#build(buf, start, end, nf);
    }
    const parentScore = (G * G) / (H + p.lambda);
    let bestGain = p.minGain, bestF = -1, bestBin = -1;
    const stride = this.#stride;
    for (let k = 0; k < nf; k++) {
      const f = this.#features[k]!;
      const off = f * stride;
      const nb = this.#b.bins[f]!;
      let gl = 0, hl = 0, cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        const at = off + b * 3;
        gl += buf[at]!;
        hl += buf[at + 1]!;
        cl += buf[at + 2]!;
        if (cl < p.minLeaf || hl < p.minChildWeight) continue;
        const cr = C - cl, hr = H - hl;
        if (cr < p.minLeaf || hr < p.minChildWeight) break;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
        }
      }
    }
    if (bestF < 0) return this.#leaf(id, start, end);

    // Partition rows[start, end) so rows going left come first.
    const codes = this.#b.codes;
    const base = bestF * this.#b.rows;
    let i = start, j = end - 1;
    while (i <= j) {
      if (codes[base + rows[i]!]! <= bestBin) i++;
      else {
        const t = rows[i]!;
        rows[i] = rows[j]!;
        rows[j] = t;
        j--;
      }
    }
    const mid = i;
    this.#gain[bestF]! += bestGain;
    this.#feature[id] = bestF;
    this.#bin[id] = bestBin;
    this.#threshold[id] = this.#edges[bestF]![bestBin]!;

    // The left child's histogram lives in slot 0 of the next depth, the right one's in slot 1.
    if (full && depth + 1 < p.maxDepth && p.subtract === false) {
      this.#build(this.#hist[(depth + 1) * 2]!, start, mid, nf);
      this.#build(this.#hist[(depth + 1) * 2 + 1]!, mid, end, nf);
    } else if (full && depth + 1 < p.maxDepth) {
      // Build the smaller child's histogram, derive the larger one by subtraction.
      const leftSmall = mid - start <= end - mid;
      const small = this.#hist[(depth + 1) * 2 + (leftSmall ? 0 : 1)]!;
      const large = this.#hist[(depth + 1) * 2 + (leftSmall ? 1 : 0)]!;
      if (leftSmall) this.#build(small, start, mid, nf);
      else this.#build(small, mid, end, nf);
      for (let f = 0; f < nf; f++) {
        const off = f * stride;
        const len = this.#b.bins[f]! * 3;
        for (let q = off; q < off + len; q++) large[q] = buf[q]! - small[q]!;
      }
    }
    const l = this.#node(start, mid, depth + 1, 0, full);
    const r = this.#node(mid, end, depth + 1, 1, full);
    this.#left[id] = l;
    this.#right[id] = r;
    return id;
  }

  #leaf(id: number, start: number, end: number): number {
    this.#leafNode.push(id);
    this.#leafStart.push(start);
    this.#leafEnd.push(end);
    return id;
  }
}
