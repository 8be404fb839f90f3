import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-train-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => robotrader([...args, "--data-dir", path.join(dir, "data")], { cwd: dir });

describe("robotrader train and models", () => {
  test("train --json prints one entry per model; models list/promote/show/rm work on them", async () => {
    const r = await cli("train", "--symbols", "SPX", "--from", "2017-01-01", "--model", "lr,gbt", "--cv", "purged-kfold", "--folds", "3", "--label", "fwd-ret:5", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { models: Record<string, unknown>[]; label: string; cv: string };
    expect(out.label).toBe("fwd-ret:5");
    expect(out.models.map((m) => m["model"])).toEqual(["lr", "gbt"]);
    for (const m of out.models) {
      for (const key of ["id", "model", "auc", "accuracy", "balancedAccuracy", "logLoss", "baseRate", "trainRows", "testRows", "trainSeconds"]) expect(m).toHaveProperty(key);
    }
    expect(r.stderr).toContain("gbt: fold 3/3");
    const id = out.models[1]!["id"] as string;

    const promoted = await cli("models", "promote", id, "--json");
    expect(JSON.parse(promoted.stdout)).toEqual({ promoted: id });
    const list = JSON.parse((await cli("models", "list", "--json")).stdout) as { models: { id: string; promoted: boolean }[] };
    expect(list.models.filter((m) => m.promoted).map((m) => m.id)).toEqual([id]);
    const show = await cli("models", "show", id);
    expect(show.stdout).toContain("(promoted)");
    expect(show.stdout).toContain("label      fwd-ret:5");
    const rm = await cli("models", "rm", id);
    expect(rm.stdout).toContain(`removed ${id} (it was the promoted model`);
    expect((await cli("models", "show", id, "--json")).code).toBe(2);
  });

  test("bad flags exit 2 naming the flag and the expected form", async () => {
    const model = await cli("train", "--model", "svm", "--json");
    expect(model.code).toBe(2);
    expect(JSON.parse(model.stdout).message).toContain("--model 'svm': expected one of lr, rf, gbt, mlp");
    const label = await cli("train", "--label", "fwd-ret:x");
    expect(label.code).toBe(2);
    expect(label.stderr).toContain("--label 'fwd-ret:x'");
    const params = await cli("train", "--model", "gbt", "--params", "gbt.trees=5");
    expect(params.code).toBe(2);
    expect(params.stderr).toContain("gbt has no parameter 'trees'; expected one of rounds");
    const margin = await cli("train", "--promote-if-better", "--promote-margin", "-0.1");
    expect([margin.code, margin.stderr]).toEqual([2, expect.stringContaining("--promote-margin must be an AUC difference from 0 to below 1 (e.g. 0.01), got '-0.1'")]);
    const alone = await cli("train", "--promote-margin", "0.01");
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringContaining("--promote-margin applies with --promote-if-better only")]);
  });
});
