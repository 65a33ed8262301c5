import type { Edge, Node } from "@xyflow/react";
import type { GraphContainerNode, GraphStateNode } from "@/lib/asl/graph";
import type { GraphOverlay, MapCounts, NodeOverlay } from "./graph-overlay";
import type { GraphLayout } from "./layout-graph";
import type { StateViewStatus } from "./state-status";

/** Data of a state box. */
export type StateNodeData = {
  readonly state: GraphStateNode;
  readonly overlay: NodeOverlay;
  readonly collapsible: boolean;
  readonly collapsed: boolean;
  readonly map: MapCounts | null;
  readonly chosenIteration: number | null;
  readonly selected: boolean;
  readonly rootCause: boolean;
};
/** Data of a branch/processor frame. */
export type ContainerNodeData = { readonly container: GraphContainerNode };
/** Data of an edge: its route (absolute) and whether the execution took it. */
export type RoutedEdgeData = {
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly label: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly kind: "next" | "choice" | "default" | "catch";
  readonly taken: boolean;
};

export type StateFlowNode = Node<StateNodeData, "state">;
export type GroupFlowNode = Node<StateNodeData, "stateGroup">;
export type ContainerFlowNode = Node<ContainerNodeData, "container">;
export type FlowNode = StateFlowNode | GroupFlowNode | ContainerFlowNode;
export type FlowEdge = Edge<RoutedEdgeData, "routed">;

const notReached: NodeOverlay = { status: "not-reached" as StateViewStatus, runCount: 0, retries: 0 };

/** The laid-out graph plus the execution as @xyflow/react nodes and edges (parents before children). */
export function toFlowElements(
  layout: GraphLayout,
  overlay: GraphOverlay,
  ui: {
    readonly collapsed: ReadonlySet<string>;
    readonly iterations: ReadonlyMap<string, number>;
    readonly selectedNodeId: string | null;
    readonly rootCauseNodeId: string | null;
  },
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = layout.nodes.map((p): FlowNode => {
    const common = {
      id: p.id,
      position: { x: p.x, y: p.y },
      width: p.width,
      height: p.height,
      ...(p.parentId ? { parentId: p.parentId, extent: "parent" as const } : {}),
      draggable: false,
      connectable: false,
    };
    if (p.source.kind === "container")
      return { ...common, type: "container", selectable: false, data: { container: p.source } };
    const state = p.source;
    const data: StateNodeData = {
      state,
      overlay: overlay.nodes.get(state.id) ?? notReached,
      collapsible: state.type === "Parallel" || state.type === "Map",
      collapsed: ui.collapsed.has(state.id),
      map: overlay.maps.get(state.id) ?? null,
      chosenIteration: ui.iterations.get(state.id) ?? null,
      selected: ui.selectedNodeId === state.id,
      rootCause: ui.rootCauseNodeId === state.id,
    };
    return p.role === "group" ? { ...common, type: "stateGroup", data } : { ...common, type: "state", data };
  });
  const edges: FlowEdge[] = layout.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: "routed",
    selectable: false,
    zIndex: 1,
    data: {
      points: e.points,
      label: e.edge.label,
      labelX: e.labelX,
      labelY: e.labelY,
      kind: e.edge.kind,
      taken: overlay.takenEdges.has(e.id),
    },
  }));
  return { nodes, edges };
}
