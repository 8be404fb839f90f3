// A cross-validation worker: fits one model on one fold per message (see fold-pool.ts). The
// compiled binary ships it as an extra entrypoint (scripts/build.ts).
import { matrix } from "../models/matrix.ts";
import { modelFile } from "../models/model-file.ts";
import { runFold, type TrainData } from "./cross-validate.ts";
import type { FromFoldWorker, ToFoldWorker } from "./fold-wire.ts";

declare const self: Worker;

let data: TrainData | undefined;
self.onmessage = (event: MessageEvent<ToFoldWorker>) => {
  const m = event.data;
  if (m.kind === "setup") {
    data = { x: matrix(m.setup.rows, m.setup.cols, m.setup.x), y: m.setup.y, ...(m.setup.w ? { w: m.setup.w } : {}) };
    return;
  }
  try {
    if (!data) throw new Error("fold worker: job before setup");
    const out = runFold(data, m.model, m, m.params, m.importanceSeed);
    const names = Array.from({ length: data.x.cols }, (_, i) => `f${i}`);
    const reply: FromFoldWorker = {
      kind: "fitted",
      id: m.id,
      prob: out.prob,
      seconds: out.seconds,
      modelFile: JSON.stringify(modelFile(out.model, names)),
      ...(out.permutation ? { permutation: out.permutation } : {}),
    };
    self.postMessage(reply);
  } catch (error) {
    self.postMessage({ kind: "failed", id: m.id, message: error instanceof Error ? error.message : String(error), badInput: error instanceof RangeError } satisfies FromFoldWorker);
  }
};
