import { describe, expect, test } from "bun:test";
import { openDatabase } from "./db.ts";
import { deleteState, getState, setState } from "./state-repo.ts";

describe("state repository", () => {
  test("values are stored as JSON, overwritten by key, and deleted", () => {
    const db = openDatabase(":memory:");
    expect(getState(db, "kill-switch")).toBeUndefined();
    setState(db, "kill-switch", { on: true, reason: "test" }, 1);
    setState(db, "kill-switch", { on: false }, 2);
    expect(getState(db, "kill-switch")).toEqual({ value: { on: false }, updatedAt: 2 });
    deleteState(db, "kill-switch");
    expect(getState(db, "kill-switch")).toBeUndefined();
  });
});
