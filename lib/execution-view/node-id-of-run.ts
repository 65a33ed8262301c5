import type { ScopeSegment } from "@/lib/history/types";

/**
 * The graph node id (see `extractGraph`) a state run belongs to: its scope's Parallel
 * branches (`Fan/0/`) and Map processors (`Items/items/`), then its name.
 */
export function nodeIdOfRun(scope: readonly ScopeSegment[], name: string): string {
  let prefix = "";
  for (const seg of scope)
    prefix += seg.kind === "parallel-branch" ? `${seg.state}/${seg.index}/` : `${seg.state}/items/`;
  return prefix + name;
}

/** The Map iterations a scope sits in, as the graph's iteration choices (Map node id → index). */
export function iterationsOfScope(scope: readonly ScopeSegment[]): Map<string, number> {
  const out = new Map<string, number>();
  let prefix = "";
  for (const seg of scope) {
    if (seg.kind === "map-iteration") {
      out.set(prefix + seg.state, seg.index);
      prefix += `${seg.state}/items/`;
    } else prefix += `${seg.state}/${seg.index}/`;
  }
  return out;
}
