/**
 * A state machine's graph as drawn: one node per state (nested states carry the id of the
 * Parallel branch or Map processor that holds them), one edge per transition out of a state.
 */

/** ASL state `Type`s, plus `Unknown` for an invalid or future type (drawn, never refused). */
export type AslStateType = "Task" | "Pass" | "Choice" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map" | "Unknown";

/** A state. `id` is unique in the graph: the state's path through branches/processors, e.g. `Fan/0/Charge`. */
export interface GraphStateNode {
  readonly kind: "state";
  readonly id: string;
  readonly name: string;
  readonly type: AslStateType;
  /** Id of the container (branch or processor) holding it; null at top level. */
  readonly parentId: string | null;
  readonly isStart: boolean;
  /** `End: true`, `Succeed` or `Fail`. */
  readonly isEnd: boolean;
  /** `Resource` of a Task, when present. */
  readonly resource: string | null;
  /** Error names a `Retry` covers, in order (empty when no `Retry`). */
  readonly retryOn: readonly string[];
  /** `Comment`, when present. */
  readonly comment: string | null;
}

/** A Parallel branch (`Branches[i]`) or a Map processor (`ItemProcessor` / `Iterator`). */
export interface GraphContainerNode {
  readonly kind: "container";
  readonly id: string;
  readonly containerType: "parallel-branch" | "map-processor";
  /** Id of the Parallel or Map state owning it. */
  readonly ownerId: string;
  /** Branch index; 0 for a Map processor. */
  readonly index: number;
  readonly label: string;
  /** Id of the container around the owner; null when the owner is top level. */
  readonly parentId: string | null;
}

export type GraphNode = GraphStateNode | GraphContainerNode;

/** Why a transition happens: `Next`, a Choice rule (index), `Default`, a `Catch` (its errors). */
export type GraphEdgeKind = "next" | "choice" | "default" | "catch";

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: GraphEdgeKind;
  /** What the edge says: `Rule 1: $.x == 3`, `Default`, `Catch States.ALL`, or empty for `Next`. */
  readonly label: string;
  /** Id of the container the edge lies in; null at top level. */
  readonly parentId: string | null;
}

/** A problem that kept part of the definition from being drawn (the rest is still drawn). */
export interface GraphProblem {
  /** JSON Pointer into the definition, e.g. `/States/Charge/Next`. */
  readonly path: string;
  readonly message: string;
}

export interface StateMachineGraph {
  /** Containers before the states inside them (a parent always precedes its children). */
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly problems: readonly GraphProblem[];
}
