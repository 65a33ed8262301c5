import { extractGraph, type StateMachineGraph } from "@/lib/asl/graph";
import { layoutGraph, type GraphLayout } from "./layout-graph";

/** How many definitions' layouts stay in memory (each a few KB; a team has hundreds of state machines at most). */
const capacity = 500;
const cache = new Map<string, Promise<GraphLayout | null>>();

/**
 * The expanded ELK layout of a definition, computed once per definition hash and kept in
 * memory (least recently used out first). Laying out on the server takes ELK (1.5 MB of
 * script and its first, slow run) off the browser's path to an interactive graph; the
 * browser loads ELK only when the user collapses a group. Null when ELK fails (the
 * browser then lays out itself). Concurrent callers share one computation.
 */
export function cachedDefinitionLayout(hash: string, definition: string): Promise<GraphLayout | null> {
  const hit = cache.get(hash);
  if (hit) {
    cache.delete(hash);
    cache.set(hash, hit);
    return hit;
  }
  const computed = layoutGraph(extractGraph(definition)).catch(() => null);
  cache.set(hash, computed);
  if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
  return computed;
}

const graphs = new Map<string, StateMachineGraph>();

/** `extractGraph(definition)`, kept per definition hash (least recently used out first). */
export function cachedDefinitionGraph(hash: string, definition: string): StateMachineGraph {
  const hit = graphs.get(hash);
  if (hit) graphs.delete(hash);
  const graph = hit ?? extractGraph(definition);
  graphs.set(hash, graph);
  if (graphs.size > capacity) graphs.delete(graphs.keys().next().value as string);
  return graph;
}
