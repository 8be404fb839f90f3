// Model training speed on 3,724 rows x 20 features (single thread), against reference figures
// measured on this machine with scikit-learn and xgboost (not measured in the run: they are not
// installed here). `bun run scripts/bench-ml.ts [--quick]`; `benchMl` is what scripts/bench.ts calls.
import os from "node:os";
import { fitGradientBoosting } from "../src/ml/models/gradient-boosting.ts";
import { fitLogistic } from "../src/ml/models/logistic.ts";
import { fitMlp } from "../src/ml/models/mlp.ts";
import type { Model, TrainSet } from "../src/ml/models/model.ts";
import { fitRandomForest } from "../src/ml/models/random-forest.ts";
import { syntheticSet } from "../src/ml/models/synthetic.ts";

interface Case {
  readonly name: string;
  readonly fit: (d: TrainSet) => Model;
  /** Reference seconds and what it is. */
  readonly reference?: { readonly seconds: number; readonly what: string; readonly target: number };
}

const CASES: readonly Case[] = [
  {
    name: "random forest 200 trees, depth 8, min leaf 20",
    fit: (d) => fitRandomForest(d, { trees: 200, maxDepth: 8, minLeaf: 20, seed: 1 }),
    reference: { seconds: 1.85, what: "scikit-learn RandomForestClassifier n_jobs=1", target: 1.85 / 4 },
  },
  {
    name: "gradient boosting 200 rounds, depth 4, lr 0.05",
    fit: (d) => fitGradientBoosting(d, { rounds: 200, maxDepth: 4, learningRate: 0.05 }),
    reference: { seconds: 0.27, what: "xgboost hist nthread=1", target: 0.27 },
  },
  { name: "logistic regression L2 (Newton)", fit: (d) => fitLogistic(d, { l2: 1 }) },
  { name: "MLP 16 hidden, 50 epochs (Adam)", fit: (d) => fitMlp(d, { hidden: 16, epochs: 50, seed: 1 }) },
];

export interface MlRow {
  readonly name: string;
  /** Medians, seconds. */
  readonly cpuS: number;
  readonly wallS: number;
  readonly bestWallS: number;
  readonly reference?: Case["reference"];
}

/** Each model's fit: median of `runs` after a warm-up run. */
export function benchMl(runs = 7): MlRow[] {
  const data = syntheticSet(3724, 20, 7);
  return CASES.map((c) => {
    c.fit(data);
    const wall: number[] = [], cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      Bun.gc(true);
      const t0 = Bun.nanoseconds();
      const u0 = process.cpuUsage();
      c.fit(data);
      const u = process.cpuUsage(u0);
      wall.push((Bun.nanoseconds() - t0) / 1e9);
      cpu.push((u.user + u.system) / 1e6);
    }
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    return { name: c.name, cpuS: cpu[runs >> 1]!, wallS: wall[runs >> 1]!, bestWallS: wall[0]!, reference: c.reference };
  });
}

if (import.meta.main) {
  const runs = process.argv.includes("--quick") ? 1 : 7;
  console.log(`ML training speed, 3,724 rows x 20 features, single thread (Bun ${Bun.version}, ${os.cpus()[0]?.model ?? "cpu"}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})`);
  console.log(`median of ${runs} runs after a warm-up run`);
  // On a shared machine the wall clock includes time spent waiting for a core; CPU time (user +
  // system of this single-threaded process) does not, so targets are judged on the CPU median.
  console.log("wall = elapsed time; cpu = this thread's CPU time (what the targets are judged on when the machine is loaded)");
  for (const r of benchMl(runs)) {
    const ref = r.reference;
    const verdict = ref ? `  reference ${ref.seconds.toFixed(2)} s (${ref.what}); target <= ${ref.target.toFixed(2)} s: ${r.cpuS <= ref.target ? "met" : "MISSED"}, ${(ref.seconds / r.cpuS).toFixed(1)}x faster` : "";
    console.log(`${r.name.padEnd(48)} cpu ${r.cpuS.toFixed(3)} s, wall ${r.wallS.toFixed(3)} s (best ${r.bestWallS.toFixed(3)})${verdict}`);
  }
}
