"use client";

import { createContext, useContext } from "react";

/** What a click in the graph asks of the page (kept out of node data so nodes stay plain). */
export interface GraphActions {
  readonly select: (nodeId: string) => void;
  readonly toggleCollapsed: (nodeId: string) => void;
  readonly chooseIteration: (mapNodeId: string, index: number | null) => void;
  /** No execution is drawn: nodes show no status (an uncoloured state is not "not reached"). */
  readonly definitionOnly: boolean;
}

const noop: GraphActions = {
  select: () => {},
  toggleCollapsed: () => {},
  chooseIteration: () => {},
  definitionOnly: false,
};

/** A node's status look, or none in a definition-only graph. */
export const noStatusLook = { label: "", icon: "", className: "" } as const;
export const GraphActionsContext = createContext<GraphActions>(noop);
export const useGraphActions = () => useContext(GraphActionsContext);
