import type { ScopeSegment } from "@/lib/history/types";

/** `Parallel "Fan" branch 2 › Map "Items" iteration 14`. */
export function describeScope(scope: readonly ScopeSegment[]): string {
  return scope
    .map((s) => (s.kind === "parallel-branch" ? `Parallel "${s.state}" branch ${s.index}` : `Map "${s.state}" iteration ${s.index}`))
    .join(" › ");
}
