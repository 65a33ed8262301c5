"use client";

import { ReactFlow, ReactFlowProvider, useReactFlow, Background, MarkerType, type NodeTypes, type EdgeTypes } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useRef, useState } from "react";
import type { StateMachineGraph } from "@/lib/asl/graph";
import { computeGraphOverlay } from "@/lib/execution-view/graph-overlay";
import type { GraphLayout } from "@/lib/execution-view/layout-graph";
import { toFlowElements } from "@/lib/execution-view/to-flow-elements";
import type { ViewRun } from "@/lib/execution-view/view-types";
import { ContainerNode } from "./container-node";
import { exportGraphImage } from "./export-graph-image";
import { GraphActionsContext, type GraphActions } from "./graph-actions";
import { RoutedEdge } from "./routed-edge";
import { StateGroupNode } from "./state-group-node";
import { StateNode } from "./state-node";
import { useGraphLayout } from "./use-graph-layout";

const nodeTypes: NodeTypes = { state: StateNode, stateGroup: StateGroupNode, container: ContainerNode };
const edgeTypes: EdgeTypes = { routed: RoutedEdge };
const marker = { type: MarkerType.ArrowClosed, width: 14, height: 14 } as const;

export interface ExecutionGraphProps {
  readonly graph: StateMachineGraph;
  /** The graph laid out with every group expanded (computed on the server), or null to lay out here. */
  readonly layout: GraphLayout | null;
  /** Null while the state runs load: the graph is laid out and drawn meanwhile, marked not ready. */
  readonly runs: readonly ViewRun[] | null;
  readonly rootCauseNodeId: string | null;
  readonly selectedNodeId: string | null;
  readonly onSelect: (nodeId: string) => void;
  readonly fileName: string;
  /** Map iterations chosen when the graph opens (the root cause's, so it opens re-coloured for it). */
  readonly initialIterations?: ReadonlyMap<string, number>;
}

/** The state machine with the execution over it; zoom, fit, fullscreen, export. */
export function ExecutionGraph(props: ExecutionGraphProps) {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

function GraphCanvas({ graph, layout: expandedLayout, runs, rootCauseNodeId, selectedNodeId, onSelect, fileName, initialIterations }: ExecutionGraphProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [iterations, setIterations] = useState<ReadonlyMap<string, number>>(() => new Map(initialIterations ?? []));
  const layout = useGraphLayout(graph, collapsed, expandedLayout);
  const overlay = useMemo(() => computeGraphOverlay(graph, runs ?? [], iterations), [graph, runs, iterations]);
  const elements = useMemo(
    () => (layout ? toFlowElements(layout, overlay, { collapsed, iterations, selectedNodeId, rootCauseNodeId }) : null),
    [layout, overlay, collapsed, iterations, selectedNodeId, rootCauseNodeId],
  );
  const flow = useReactFlow();
  const root = useRef<HTMLDivElement>(null);
  const fitted = useRef(false);
  useEffect(() => {
    // Fit once per layout, so polling and selection never move the user's view.
    if (!layout) return;
    fitted.current = false;
    const t = requestAnimationFrame(() => {
      void flow.fitView({ padding: 0.08, maxZoom: 1.2 });
      fitted.current = true;
    });
    return () => cancelAnimationFrame(t);
  }, [layout, flow]);

  const actions: GraphActions = useMemo(
    () => ({
      select: onSelect,
      toggleCollapsed: (id) =>
        setCollapsed((c) => {
          const next = new Set(c);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      chooseIteration: (id, index) =>
        setIterations((m) => {
          const next = new Map(m);
          if (index === null) next.delete(id);
          else next.set(id, index);
          return next;
        }),
    }),
    [onSelect],
  );

  const button = "rounded border border-zinc-300 bg-white px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800";
  return (
    <div ref={root} className="relative h-[70vh] min-h-[420px] w-full bg-zinc-50 dark:bg-zinc-950" data-testid="execution-graph" data-ready={elements && runs ? "true" : "false"}>
      <div role="toolbar" aria-label="Graph" className="absolute left-2 top-2 z-10 flex flex-wrap gap-1 text-xs">
        <button type="button" className={button} onClick={() => void flow.zoomIn()} aria-label="Zoom in">+</button>
        <button type="button" className={button} onClick={() => void flow.zoomOut()} aria-label="Zoom out">−</button>
        <button type="button" className={button} onClick={() => void flow.fitView({ padding: 0.08 })}>Fit</button>
        <button
          type="button"
          className={button}
          onClick={() => (document.fullscreenElement ? void document.exitFullscreen() : void root.current?.requestFullscreen())}
        >
          Fullscreen
        </button>
        <button type="button" className={button} disabled={!layout} onClick={() => layout && root.current && void exportGraphImage(root.current, layout, "png", fileName)}>
          PNG
        </button>
        <button type="button" className={button} disabled={!layout} onClick={() => layout && root.current && void exportGraphImage(root.current, layout, "svg", fileName)}>
          SVG
        </button>
        {graph.problems.length ? (
          <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-900" title={graph.problems.map((p) => `${p.path}: ${p.message}`).join("\n")}>
            ⚠ {graph.problems.length} part(s) of the definition could not be drawn
          </span>
        ) : null}
      </div>
      <GraphActionsContext.Provider value={actions}>
        {elements ? (
          <ReactFlow
            nodes={elements.nodes}
            edges={elements.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            defaultEdgeOptions={{ markerEnd: marker }}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            minZoom={0.05}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={24} size={1} />
          </ReactFlow>
        ) : (
          <p className="p-6 pt-12 text-zinc-500">Laying out the graph…</p>
        )}
      </GraphActionsContext.Provider>
    </div>
  );
}
