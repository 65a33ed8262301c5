import { nodeIdOfRun } from "./node-id-of-run";
import type { ViewRun } from "./view-types";

/**
 * Run keys per graph node id, in entry order, failures first: the detail panel opens on
 * the run most likely to matter. For a redriven execution (`redrive` set on runs: the
 * execution attempt a run belongs to), the latest attempt's runs come first, each attempt
 * ordered that way.
 */
export function runsByNode(
  runs: readonly (Pick<ViewRun, "key" | "name" | "scope" | "status"> & { readonly redrive?: number })[],
): Map<string, string[]> {
  const latestFirst = [...runs].sort((a, b) => (b.redrive ?? 0) - (a.redrive ?? 0));
  const out = new Map<string, string[]>();
  let from = 0;
  while (from < latestFirst.length) {
    const redrive = latestFirst[from]?.redrive ?? 0;
    let to = from;
    while (to < latestFirst.length && (latestFirst[to]?.redrive ?? 0) === redrive) to++;
    for (const [id, keys] of byTier(latestFirst.slice(from, to))) out.set(id, [...(out.get(id) ?? []), ...keys]);
    from = to;
  }
  return out;
}

function byTier(runs: readonly Pick<ViewRun, "key" | "name" | "scope" | "status">[]): Map<string, string[]> {
  // Failed before caught before the rest, so a root cause opens on its own run, not a caught one.
  const tiers = [new Map<string, string[]>(), new Map<string, string[]>(), new Map<string, string[]>()] as const;
  for (const r of runs) {
    const id = nodeIdOfRun(r.scope, r.name);
    const into =
      r.status === "FAILED" || r.status === "TIMED_OUT" ? tiers[0] : r.status === "CAUGHT" ? tiers[1] : tiers[2];
    const list = into.get(id) ?? [];
    list.push(r.key);
    into.set(id, list);
  }
  const out = new Map<string, string[]>();
  for (const tier of tiers) for (const [id, keys] of tier) out.set(id, [...(out.get(id) ?? []), ...keys]);
  return out;
}
