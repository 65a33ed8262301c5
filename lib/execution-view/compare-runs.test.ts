import { describe, expect, it } from "vitest";
import { compareRuns, type ComparableRun } from "./compare-runs";

const run = (name: string, status: string, scope: unknown[] = []): ComparableRun => ({ name, status, scope });

describe("compareRuns", () => {
  it("finds no divergence between identical paths", () => {
    const path = [run("A", "SUCCEEDED"), run("B", "SUCCEEDED")];
    const c = compareRuns(path, path);
    expect(c.firstDivergence).toBeNull();
    expect(c.outcomeDifferences).toEqual([]);
    expect(c.steps.every((s) => s.same)).toBe(true);
  });

  it("marks the first position where a different state ran and lists differing outcomes", () => {
    const failed = [run("Start", "SUCCEEDED"), run("Check", "SUCCEEDED"), run("Fail", "FAILED")];
    const ok = [
      run("Start", "SUCCEEDED"),
      run("Check", "SUCCEEDED"),
      run("Process", "SUCCEEDED"),
      run("Done", "SUCCEEDED"),
    ];
    const c = compareRuns(failed, ok);
    expect(c.firstDivergence).toBe(2);
    expect(c.steps).toHaveLength(4);
    expect(c.steps[3]).toEqual({ index: 3, left: null, right: { name: "Done", status: "SUCCEEDED" }, same: false });
    expect(c.outcomeDifferences).toEqual([
      { name: "Fail", left: "FAILED", right: null },
      { name: "Process", left: null, right: "SUCCEEDED" },
      { name: "Done", left: null, right: "SUCCEEDED" },
    ]);
  });

  it("treats the same state with another status as a divergence", () => {
    const c = compareRuns([run("Task", "CAUGHT"), run("Handler", "SUCCEEDED")], [run("Task", "SUCCEEDED")]);
    expect(c.firstDivergence).toBe(0);
    expect(c.outcomeDifferences).toEqual([
      { name: "Task", left: "CAUGHT", right: "SUCCEEDED" },
      { name: "Handler", left: "SUCCEEDED", right: null },
    ]);
  });

  it("ignores runs nested in Parallel branches and Map iterations", () => {
    const nested = { kind: "map", state: "M", iteration: 0 };
    const c = compareRuns(
      [run("M", "SUCCEEDED"), run("Inner", "FAILED", [nested])],
      [run("M", "SUCCEEDED"), run("Inner", "SUCCEEDED", [nested])],
    );
    expect(c.steps).toHaveLength(1);
    expect(c.firstDivergence).toBeNull();
    expect(c.outcomeDifferences).toEqual([]);
  });

  it("uses a state's last run for its outcome when it ran more than once", () => {
    const c = compareRuns(
      [run("Poll", "SUCCEEDED"), run("Poll", "SUCCEEDED")],
      [run("Poll", "FAILED"), run("Poll", "SUCCEEDED")],
    );
    expect(c.firstDivergence).toBe(0);
    expect(c.outcomeDifferences).toEqual([]);
  });
});
