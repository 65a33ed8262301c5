"use client";

import {
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  Background,
  MarkerType,
  type NodeTypes,
  type EdgeTypes,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { StateMachineGraph } from "@/lib/asl/graph";
import type { GraphOverlay } from "@/lib/execution-view/graph-overlay";
import type { GraphLayout } from "@/lib/execution-view/layout-graph";
import { toFlowElements } from "@/lib/execution-view/to-flow-elements";
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
  /** The execution over the states, for `iterations`; null while it loads: the graph is drawn meanwhile, marked not ready. */
  readonly overlay: GraphOverlay | null;
  readonly rootCauseNodeId: string | null;
  readonly selectedNodeId: string | null;
  readonly onSelect: (nodeId: string) => void;
  readonly fileName: string;
  /** The iteration chosen per Map node id (its processor is coloured for that iteration). */
  readonly iterations: ReadonlyMap<string, number>;
  readonly onChooseIteration: (mapNodeId: string, index: number | null) => void;
  /**
   * Set when no execution is drawn over the definition (a state machine's page, an execution
   * with no stored history yet): why, shown as a label on the graph so no uncoloured state
   * reads as "not run".
   */
  readonly definitionOnly?: string;
}

/** The state machine with the execution over it; zoom, fit, fullscreen, export. */
export function ExecutionGraph(props: ExecutionGraphProps) {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

const noOverlay: GraphOverlay = { nodes: new Map(), takenEdges: new Set(), maps: new Map() };

function GraphCanvas({
  graph,
  layout: expandedLayout,
  overlay,
  rootCauseNodeId,
  selectedNodeId,
  onSelect,
  fileName,
  iterations,
  onChooseIteration,
  definitionOnly,
}: ExecutionGraphProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const layout = useGraphLayout(graph, collapsed, expandedLayout);
  const elements = useMemo(
    () =>
      layout
        ? toFlowElements(layout, overlay ?? noOverlay, { collapsed, iterations, selectedNodeId, rootCauseNodeId })
        : null,
    [layout, overlay, collapsed, iterations, selectedNodeId, rootCauseNodeId],
  );
  // Ready only once drawn in the browser: the server's render already has the data, not the boxes.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
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

  // The page hands a new callback on every render: read through a ref, the nodes' context stays the same.
  const onSelectRef = useRef(onSelect);
  useLayoutEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);
  const actions: GraphActions = useMemo(
    () => ({
      select: (id) => onSelectRef.current(id),
      toggleCollapsed: (id) =>
        setCollapsed((c) => {
          const next = new Set(c);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      chooseIteration: onChooseIteration,
      definitionOnly: definitionOnly !== undefined,
    }),
    [onChooseIteration, definitionOnly],
  );

  const button =
    "rounded border border-zinc-300 bg-white px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800";
  return (
    <div
      ref={root}
      className="relative flex h-[70vh] min-h-[420px] w-full flex-col bg-zinc-50 dark:bg-zinc-950"
      data-testid="execution-graph"
      data-mode={definitionOnly ? "definition-only" : "execution"}
      data-ready={mounted && elements && overlay ? "true" : "false"}
    >
      {/* A bar of its own above the canvas: floating over it, it covered the title of a Parallel or Map at the top. */}
      <div
        role="toolbar"
        aria-label="Graph"
        className="flex shrink-0 flex-wrap gap-1 border-b border-zinc-200 px-2 py-1.5 text-xs dark:border-zinc-800"
      >
        <button type="button" className={button} onClick={() => void flow.zoomIn()} aria-label="Zoom in">
          +
        </button>
        <button type="button" className={button} onClick={() => void flow.zoomOut()} aria-label="Zoom out">
          −
        </button>
        <button type="button" className={button} onClick={() => void flow.fitView({ padding: 0.08 })}>
          Fit
        </button>
        <button
          type="button"
          className={button}
          onClick={() =>
            document.fullscreenElement ? void document.exitFullscreen() : void root.current?.requestFullscreen()
          }
        >
          Fullscreen
        </button>
        <button
          type="button"
          className={button}
          disabled={!layout}
          onClick={() => layout && root.current && void exportGraphImage(root.current, layout, "png", fileName)}
        >
          PNG
        </button>
        <button
          type="button"
          className={button}
          disabled={!layout}
          onClick={() => layout && root.current && void exportGraphImage(root.current, layout, "svg", fileName)}
        >
          SVG
        </button>
        {definitionOnly ? (
          <span
            className="ml-auto rounded bg-zinc-200 px-2 py-0.5 font-medium text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200"
            data-testid="definition-only"
          >
            Definition only: {definitionOnly}
          </span>
        ) : null}
        {graph.problems.length ? (
          <span
            className="rounded bg-amber-100 px-2 py-0.5 text-amber-900"
            title={graph.problems.map((p) => `${p.path}: ${p.message}`).join("\n")}
          >
            ⚠ {graph.problems.length} part(s) of the definition could not be drawn
          </span>
        ) : null}
      </div>
      <div className="relative min-h-0 flex-1">
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
            <p className="p-6 text-zinc-500">Laying out the graph…</p>
          )}
        </GraphActionsContext.Provider>
      </div>
    </div>
  );
}
