"use client";

import { createContext, useContext } from "react";

/** What a click in the graph asks of the page (kept out of node data so nodes stay plain). */
export interface GraphActions {
  readonly select: (nodeId: string) => void;
  readonly toggleCollapsed: (nodeId: string) => void;
  readonly chooseIteration: (mapNodeId: string, index: number | null) => void;
}

const noop: GraphActions = { select: () => {}, toggleCollapsed: () => {}, chooseIteration: () => {} };
export const GraphActionsContext = createContext<GraphActions>(noop);
export const useGraphActions = () => useContext(GraphActionsContext);
