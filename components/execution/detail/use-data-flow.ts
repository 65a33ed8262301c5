"use client";

import { useEffect, useState } from "react";
import type { KnownContext, ReconstructedDataFlow } from "@/lib/execution-view/reconstruct-data-flow";
import type { RunEvent } from "@/lib/execution-view/state-run-detail-types";

/**
 * A run's reconstructed data flow. The reconstruction (and the JSONPath library under it)
 * loads in its own chunk the first time a run's detail is shown, so it stays off the path
 * to an interactive graph. Null until then, or without a state definition.
 */
export function useDataFlow(
  state: Readonly<Record<string, unknown>> | null,
  queryLanguage: string | null,
  events: readonly RunEvent[] | null,
  context: KnownContext,
): ReconstructedDataFlow | null {
  const [flow, setFlow] = useState<{ events: readonly RunEvent[]; state: unknown; flow: ReconstructedDataFlow | null } | null>(null);
  const { executionArn, executionName, executionStartTime, stateMachineArn, stateMachineName } = context;
  useEffect(() => {
    if (!state || !events) return;
    let live = true;
    void import("@/lib/execution-view/reconstruct-data-flow").then(({ reconstructDataFlow }) => {
      const ctx: KnownContext = { executionArn, executionName, executionStartTime, ...(stateMachineArn ? { stateMachineArn } : {}), ...(stateMachineName ? { stateMachineName } : {}) };
      if (live) setFlow({ events, state, flow: reconstructDataFlow(state, queryLanguage, events, ctx) });
    });
    return () => {
      live = false;
    };
  }, [state, queryLanguage, events, executionArn, executionName, executionStartTime, stateMachineArn, stateMachineName]);
  return flow && flow.events === events && flow.state === state ? flow.flow : null;
}
