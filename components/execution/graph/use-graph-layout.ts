"use client";

import { useEffect, useState } from "react";
import type { StateMachineGraph } from "@/lib/asl/graph";
import { layoutGraph, type GraphLayout } from "@/lib/execution-view/layout-graph";

/** The ELK layout of `graph` (recomputed only when the graph or the collapsed set changes). */
export function useGraphLayout(graph: StateMachineGraph, collapsed: ReadonlySet<string>): GraphLayout | null {
  const [layout, setLayout] = useState<GraphLayout | null>(null);
  useEffect(() => {
    let live = true;
    void layoutGraph(graph, collapsed).then((l) => {
      if (live) setLayout(l);
    });
    return () => {
      live = false;
    };
  }, [graph, collapsed]);
  return layout;
}
