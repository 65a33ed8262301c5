"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import { StateDetailPanel } from "@/components/execution/detail/state-detail-panel";
import { useDataFlow } from "@/components/execution/detail/use-data-flow";
import { ExecutionGraph } from "@/components/execution/graph/execution-graph";
import { ExecutionTimeline } from "@/components/execution/timeline/execution-timeline";
import { extractGraph, findStateDefinition } from "@/lib/asl/graph";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { dataFlowSteps } from "@/lib/execution-view/data-flow-steps";
import type { KnownContext } from "@/lib/execution-view/reconstruct-data-flow";
import { runsByNode } from "@/lib/execution-view/runs-by-node";
import type { StateRunDetail } from "@/lib/execution-view/state-run-detail-types";
import { buildTimeline } from "@/lib/execution-view/timeline-rows";
import { executionDefinitionQueryOptions, executionViewQueryOptions } from "@/lib/execution-view/view-query-options";

export interface GraphAndTimelineProps {
  readonly executionArn: string;
  readonly executionName: string;
  /** What the data-flow reconstruction may read of the context object (`$$.Execution…`). */
  readonly context: KnownContext;
  readonly view: "graph" | "timeline";
  readonly running: boolean;
  /** The execution's stored event count: when polling sees it change, the runs are read again. */
  readonly eventCount: number;
  readonly rootCauseNodeId: string | null;
  /** Map iterations the root cause sat in (the graph opens on them). */
  readonly rootCauseIterations: ReadonlyMap<string, number>;
  readonly selectedNodeId: string | null;
  readonly selectedRunKey: string | null;
  /** Writes the selection to the URL (null clears it). */
  readonly onSelect: (nodeId: string | null, runKey: string | null) => void;
}

/** The Graph and Timeline tabs with the state detail panel beside them. */
export function GraphAndTimeline(p: GraphAndTimelineProps) {
  const { data, error, refetch } = useQuery({ ...executionViewQueryOptions(p.executionArn), refetchInterval: p.running ? 5_000 : false });
  // The header's poll can see the execution end before this one runs again (and polling then
  // stops): new events always mean reading the runs once more, so the last states are drawn.
  const seenEventCount = useRef(p.eventCount);
  useEffect(() => {
    if (seenEventCount.current === p.eventCount) return;
    seenEventCount.current = p.eventCount;
    void refetch();
  }, [p.eventCount, refetch]);
  // The definition comes on its own (small, preloaded) with its layout, cached on the server per
  // definition, so the graph is drawn while the state runs still load and ELK never runs here.
  const def = useQuery({ ...executionDefinitionQueryOptions(p.executionArn), enabled: p.view === "graph" });
  const definition = def.data?.definition ?? data?.definition ?? null;
  const graph = useMemo(() => (definition ? extractGraph(definition) : null), [definition]);
  // The timeline's rows are built once the Timeline is first shown (not on the graph's path), then kept per history.
  const timelineShown = useRef(false);
  if (p.view === "timeline") timelineShown.current = true;
  const wantTimeline = timelineShown.current;
  const timeline = useMemo(() => (data && wantTimeline ? buildTimeline(data, Date.now()) : null), [data, wantTimeline]);
  const byNode = useMemo(() => runsByNode(data?.runs ?? []), [data]);

  const node = p.selectedNodeId;
  const runKeys = node ? (byNode.get(node) ?? []) : [];
  const runKey = p.selectedRunKey && runKeys.includes(p.selectedRunKey) ? p.selectedRunKey : (runKeys[0] ?? null);
  const run = useQuery({
    // Keyed by the event count too, so a run that ended since it was read is read again (the old answer shows meanwhile).
    queryKey: ["execution", p.executionArn, "run", runKey, p.eventCount],
    queryFn: () => fetchJson<StateRunDetail>(`/api/executions/${encodeURIComponent(p.executionArn)}/runs/${encodeURIComponent(runKey ?? "")}`),
    enabled: runKey !== null,
    placeholderData: (previous) => (previous?.key === runKey ? previous : undefined),
  });

  const stateDef = useMemo(() => (node && definition ? findStateDefinition(definition, node) : null), [node, definition]);
  const queryLanguage = useMemo(() => (definition ? ((JSON.parse(definition) as { QueryLanguage?: string }).QueryLanguage ?? null) : null), [definition]);
  const runEvents = run.data && run.data.key === runKey ? run.data.events : null;
  const flow = useDataFlow(stateDef, queryLanguage, runEvents, p.context);

  if (error) return <p role="alert" className="p-6 text-red-700">{error.message}</p>;
  if (!(p.view === "graph" && graph) && (!data || (p.view === "timeline" && !timeline))) return <p className="p-6 text-zinc-500">Loading…</p>;
  const graphNode = node ? graph?.nodes.find((n) => n.id === node) : undefined;
  const panel = node ? (
    <StateDetailPanel
      stateName={graphNode?.kind === "state" ? graphNode.name : (node.split("/").pop() ?? node)}
      stateType={graphNode?.kind === "state" ? graphNode.type : (run.data?.stateType ?? "")}
      resource={graphNode?.kind === "state" ? graphNode.resource : null}
      steps={dataFlowSteps(stateDef, queryLanguage)}
      flow={flow}
      runKeys={runKeys}
      runKey={runKey}
      detail={run.data ?? null}
      loading={run.isLoading}
      onPickRun={(k) => p.onSelect(node, k)}
      onClose={() => p.onSelect(null, null)}
    />
  ) : null;

  return (
    <div className={`grid ${panel ? "lg:grid-cols-[minmax(0,1fr)_420px]" : ""}`}>
      <div className="min-w-0">
        {p.view === "graph" ? (
          graph ? (
            <ExecutionGraph
              graph={graph}
              layout={def.data?.layout ?? null}
              runs={data?.runs ?? null}
              rootCauseNodeId={p.rootCauseNodeId}
              selectedNodeId={node}
              onSelect={(id) => p.onSelect(id, null)}
              fileName={p.executionName}
              initialIterations={p.rootCauseIterations}
            />
          ) : !data ? (
            <p className="p-6 text-zinc-500">Loading…</p>
          ) : (
            <p className="p-6 text-zinc-600 dark:text-zinc-400" data-testid="no-definition">
              This execution has no state machine definition stored, so it cannot be drawn as a graph; the Timeline tab shows its runs.
            </p>
          )
        ) : timeline ? (
          <ExecutionTimeline model={timeline} selectedNodeId={node} focusNodeId={node} onSelect={(id, key) => p.onSelect(id, key)} />
        ) : null}
      </div>
      {panel}
    </div>
  );
}
