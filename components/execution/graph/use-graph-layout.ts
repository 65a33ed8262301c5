"use client";

import { useEffect, useState } from "react";
import type { StateMachineGraph } from "@/lib/asl/graph";
import { layoutGraph, type GraphLayout } from "@/lib/execution-view/layout-graph";

/**
 * The ELK layout of `graph` (recomputed only when the graph or the collapsed set changes).
 * With nothing collapsed, `expanded` (the server's cached layout of the same graph) is used
 * as it is, so ELK is loaded in the browser only once the user collapses a group.
 */
export function useGraphLayout(
  graph: StateMachineGraph,
  collapsed: ReadonlySet<string>,
  expanded: GraphLayout | null,
): GraphLayout | null {
  const useServer = collapsed.size === 0 && expanded !== null;
  const [computed, setComputed] = useState<{
    graph: StateMachineGraph;
    collapsed: ReadonlySet<string>;
    layout: GraphLayout;
  } | null>(null);
  useEffect(() => {
    if (useServer) return;
    let live = true;
    void layoutGraph(graph, collapsed).then((layout) => {
      if (live) setComputed({ graph, collapsed, layout });
    });
    return () => {
      live = false;
    };
  }, [graph, collapsed, useServer]);
  if (useServer) return expanded;
  // Keep showing the previous layout of this graph while a new one is computed (no flash of "laying out").
  return computed && computed.graph === graph ? computed.layout : null;
}
