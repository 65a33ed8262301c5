import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { GraphEdge, GraphNode, GraphStateNode, StateMachineGraph } from "@/lib/asl/graph";

/** Size of a state box, px. */
export const stateSize = { width: 200, height: 52 } as const;
/** Room above a group's children for its header (name, counts, picker), px. */
const headerHeight = 60;

/** A node placed: `x`/`y` relative to its parent group (as @xyflow/react wants), plus absolute. */
export interface PlacedNode {
  readonly id: string;
  /** `state`: a box; `group`: an expanded Parallel/Map state or one of its branches/processor. */
  readonly role: "state" | "group";
  readonly source: GraphNode;
  readonly parentId: string | null;
  readonly x: number;
  readonly y: number;
  readonly absX: number;
  readonly absY: number;
  readonly width: number;
  readonly height: number;
  /** A Parallel/Map state drawn as a box because the user collapsed it. */
  readonly collapsed: boolean;
}

export interface PlacedEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly edge: GraphEdge;
  /** Orthogonal route in absolute coordinates. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Where its label sits (middle of the route's longest leg). */
  readonly labelX: number;
  readonly labelY: number;
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

let elkEngine: Promise<ElkApi> | null = null;
/**
 * Loads ELK (about 1.5 MB of script) on first use, in its own chunk, so pages and tabs
 * that draw no graph never parse it. Call early to overlap the download with other work.
 */
export function loadLayoutEngine(): Promise<ElkApi> {
  elkEngine ??= import("elkjs/lib/elk.bundled.js").then((m) => new m.default());
  return elkEngine;
}

const layered = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.spacing.nodeNodeBetweenLayers": "44",
  "elk.spacing.nodeNode": "28",
  "elk.spacing.edgeLabel": "4",
  "elk.edgeLabels.placement": "CENTER",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.json.edgeCoords": "ROOT",
};

/**
 * Lays the graph out with ELK's layered algorithm, top to bottom: Parallel and Map states
 * become groups holding their branches/processor (unless in `collapsed`), edges are routed
 * orthogonally around them. Async because ELK is; pure otherwise. Runs in the browser
 * (the bundled ELK needs no worker) and in tests.
 */
export async function layoutGraph(
  graph: StateMachineGraph,
  collapsed: ReadonlySet<string> = new Set(),
): Promise<GraphLayout> {
  const childrenOf = new Map<string | null, GraphNode[]>();
  const containersOf = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (n.kind === "container") {
      const list = containersOf.get(n.ownerId) ?? [];
      list.push(n);
      containersOf.set(n.ownerId, list);
    } else {
      const list = childrenOf.get(n.parentId) ?? [];
      list.push(n);
      childrenOf.set(n.parentId, list);
    }
  }
  const edgesIn = new Map<string | null, GraphEdge[]>();
  for (const e of graph.edges) {
    const list = edgesIn.get(e.parentId) ?? [];
    list.push(e);
    edgesIn.set(e.parentId, list);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const isGroup = (n: GraphStateNode) =>
    (n.type === "Parallel" || n.type === "Map") && !collapsed.has(n.id) && (containersOf.get(n.id)?.length ?? 0) > 0;

  const elkEdges = (scope: string | null): ElkExtendedEdge[] =>
    (edgesIn.get(scope) ?? []).map((e) => ({
      id: e.id,
      sources: [e.source],
      targets: [e.target],
      labels: e.label ? [{ text: e.label, width: Math.min(220, 6.2 * e.label.length + 10), height: 16 }] : [],
    }));
  const padding = `[top=${headerHeight},left=14,bottom=14,right=14]`;
  const elkStates = (scope: string | null): ElkNode[] =>
    (childrenOf.get(scope) ?? []).map((n): ElkNode => {
      if (n.kind !== "state" || !isGroup(n)) return { id: n.id, ...stateSize };
      return {
        id: n.id,
        // A minimum width keeps the header (name, status, counts, picker) readable over a narrow processor.
        layoutOptions: {
          ...layered,
          "elk.padding": padding,
          "elk.spacing.nodeNode": "24",
          "elk.nodeSize.constraints": "MINIMUM_SIZE",
          "elk.nodeSize.minimum": "(420, 120)",
          // Branches share no edges: one layer keeps them side by side, in definition order.
          "elk.separateConnectedComponents": "false",
          "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
        },
        children: (containersOf.get(n.id) ?? []).map((c) => ({
          id: c.id,
          layoutOptions: { ...layered, "elk.padding": `[top=30,left=12,bottom=12,right=12]`, "elk.alignment": "TOP" },
          children: elkStates(c.id),
          edges: elkEdges(c.id),
        })),
      };
    });

  const elk = await loadLayoutEngine();
  const root: ElkNode = await elk.layout({
    id: "__root",
    layoutOptions: { ...layered, "elk.padding": "[top=12,left=12,bottom=12,right=12]" },
    children: elkStates(null),
    edges: elkEdges(null),
  });

  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  const edgeById = new Map(graph.edges.map((e) => [e.id, e]));
  const walk = (n: ElkNode, parentId: string | null, ox: number, oy: number) => {
    for (const e of n.edges ?? []) {
      const edge = edgeById.get(e.id);
      const section = e.sections?.[0];
      if (!edge || !section) continue;
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({
        x: p.x,
        y: p.y,
      }));
      // ELK reserved room for the label beside the route (root coordinates, like the route); use it.
      const placed = e.labels?.[0];
      const { x: labelX, y: labelY } =
        placed?.x !== undefined && placed.y !== undefined
          ? { x: placed.x + (placed.width ?? 0) / 2, y: placed.y + (placed.height ?? 0) / 2 }
          : longestLegMiddle(points);
      edges.push({ id: edge.id, source: edge.source, target: edge.target, edge, points, labelX, labelY });
    }
    for (const c of n.children ?? []) {
      const source = byId.get(c.id);
      if (!source) continue;
      const x = c.x ?? 0;
      const y = c.y ?? 0;
      const group = (c.children?.length ?? 0) > 0 || source.kind === "container";
      nodes.push({
        id: c.id,
        role: group ? "group" : "state",
        source,
        parentId,
        x,
        y,
        absX: ox + x,
        absY: oy + y,
        width: c.width ?? stateSize.width,
        height: c.height ?? stateSize.height,
        collapsed:
          source.kind === "state" && collapsed.has(source.id) && (containersOf.get(source.id)?.length ?? 0) > 0,
      });
      walk(c, c.id, ox + x, oy + y);
    }
  };
  walk(root, null, 0, 0);
  return { nodes, edges, width: root.width ?? 0, height: root.height ?? 0 };
}

function longestLegMiddle(points: readonly { x: number; y: number }[]): { x: number; y: number } {
  let best = { x: points[0]?.x ?? 0, y: points[0]?.y ?? 0 };
  let bestLen = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (!a || !b) continue;
    const len = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    if (len > bestLen) {
      bestLen = len;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}
