import type { ModelBody } from "./model.ts";
import type { Tree } from "./tree.ts";
import { decodeF64, decodeI32, encodeArray } from "./typed-base64.ts";

/** Trees concatenated into six arrays plus node offsets, for the model file. */
export function packTrees(trees: readonly Tree[]): ModelBody {
  const total = trees.reduce((s, t) => s + t.feature.length, 0);
  const offsets = new Int32Array(trees.length + 1);
  const feature = new Int32Array(total), left = new Int32Array(total), right = new Int32Array(total);
  const threshold = new Float64Array(total), value = new Float64Array(total);
  let at = 0;
  trees.forEach((t, i) => {
    offsets[i] = at;
    feature.set(t.feature, at);
    left.set(t.left, at);
    right.set(t.right, at);
    threshold.set(t.threshold, at);
    value.set(t.value, at);
    at += t.feature.length;
  });
  offsets[trees.length] = at;
  return {
    offsets: encodeArray(offsets),
    feature: encodeArray(feature),
    left: encodeArray(left),
    right: encodeArray(right),
    threshold: encodeArray(threshold),
    value: encodeArray(value),
  };
}

export function unpackTrees(body: Readonly<Record<string, unknown>>, cols: number): Tree[] {
  const offsets = decodeI32(body["offsets"], "offsets");
  const feature = decodeI32(body["feature"], "feature");
  const left = decodeI32(body["left"], "left");
  const right = decodeI32(body["right"], "right");
  const threshold = decodeF64(body["threshold"], "threshold");
  const value = decodeF64(body["value"], "value");
  const total = feature.length;
  if ([left, right, threshold, value].some((a) => a.length !== total)) throw new TypeError("tree arrays differ in length");
  const trees: Tree[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    const s = offsets[i]!, e = offsets[i + 1]!;
    if (s < 0 || e > total || e <= s) throw new TypeError(`tree ${i}: bad node range ${s}..${e}`);
    const n = e - s;
    const t: Tree = {
      feature: feature.slice(s, e),
      bin: new Int32Array(n),
      threshold: threshold.slice(s, e),
      left: left.slice(s, e),
      right: right.slice(s, e),
      value: value.slice(s, e),
    };
    for (let k = 0; k < n; k++) {
      const f = t.feature[k]!;
      if (f >= cols) throw new TypeError(`tree ${i} node ${k}: feature ${f} out of ${cols}`);
      // Children always come after their parent, so every walk ends at a leaf.
      if (f >= 0 && !(t.left[k]! > k && t.left[k]! < n && t.right[k]! > k && t.right[k]! < n)) {
        throw new TypeError(`tree ${i} node ${k}: bad children`);
      }
    }
    trees.push(t);
  }
  return trees;
}
