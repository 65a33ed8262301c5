"use client";

import { useEffect, useState } from "react";
import type { DataFlowChecks, SeenVariable } from "@/lib/execution-view/recheck-jsonata";
import type { KnownContext, ReconstructedDataFlow } from "@/lib/execution-view/data-flow-types";
import type { RunEvent } from "@/lib/execution-view/state-run-detail-types";

/** A run's data flow with its JSONata fields re-evaluated and the variables it could read. */
export type CheckedDataFlow = ReconstructedDataFlow & DataFlowChecks;

/**
 * A run's reconstructed data flow. The reconstruction (and the JSONPath library under it,
 * and for a JSONata state the JSONata one) loads in its own chunk the first time a run's detail is shown, so it
 * stays off the path to an interactive graph. Null until then, or without a state definition.
 */
export function useDataFlow(
  state: Readonly<Record<string, unknown>> | null,
  queryLanguage: string | null,
  events: readonly RunEvent[] | null,
  variablesSeen: readonly SeenVariable[],
  context: KnownContext,
): CheckedDataFlow | null {
  const [flow, setFlow] = useState<{
    events: readonly RunEvent[];
    state: unknown;
    flow: CheckedDataFlow | null;
  } | null>(null);
  const { executionArn, executionName, executionStartTime, stateMachineArn, stateMachineName } = context;
  useEffect(() => {
    if (!state || !events) return;
    let live = true;
    void import("@/lib/execution-view/reconstruct-data-flow").then(async ({ reconstructDataFlow }) => {
      const ctx: KnownContext = {
        executionArn,
        executionName,
        executionStartTime,
        ...(stateMachineArn ? { stateMachineArn } : {}),
        ...(stateMachineName ? { stateMachineName } : {}),
      };
      const base = reconstructDataFlow(state, queryLanguage, events, ctx, variablesSeen);
      // JSONata itself loads only for a JSONata state.
      const rechecks =
        base?.queryLanguage === "JSONata"
          ? await import("@/lib/execution-view/recheck-jsonata").then((m) =>
              m.recheckJsonata(state, queryLanguage, events, ctx, variablesSeen),
            )
          : [];
      if (live) setFlow({ events, state, flow: base ? { ...base, rechecks, variablesSeen } : null });
    });
    return () => {
      live = false;
    };
  }, [
    state,
    queryLanguage,
    events,
    variablesSeen,
    executionArn,
    executionName,
    executionStartTime,
    stateMachineArn,
    stateMachineName,
  ]);
  return flow && flow.events === events && flow.state === state ? flow.flow : null;
}
