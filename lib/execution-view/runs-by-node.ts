import { nodeIdOfRun } from "./node-id-of-run";
import type { ViewRun } from "./view-types";

/**
 * Run keys per graph node id, in entry order, failures first: the detail panel opens on
 * the run most likely to matter.
 */
export function runsByNode(runs: readonly Pick<ViewRun, "key" | "name" | "scope" | "status">[]): Map<string, string[]> {
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
