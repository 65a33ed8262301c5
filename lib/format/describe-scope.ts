import type { ScopeSegment } from "@/lib/history/types";

/**
 * `Parallel "Fan" branch 2 › Map "Items" iteration 14`. Branches count from 1, as the graph
 * and the timeline label them (`Branch 1` is `Branches[0]`); Map iterations keep AWS's
 * 0-based item index, as `MapIterationStarted` reports it.
 */
export function describeScope(scope: readonly ScopeSegment[]): string {
  return scope
    .map((s) =>
      s.kind === "parallel-branch"
        ? `Parallel "${s.state}" branch ${s.index + 1}`
        : `Map "${s.state}" iteration ${s.index}`,
    )
    .join(" › ");
}
