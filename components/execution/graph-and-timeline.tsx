"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { StateDetailPanel } from "@/components/execution/detail/state-detail-panel";
import { useDataFlow } from "@/components/execution/detail/use-data-flow";
import { useLoaded } from "@/lib/hooks/use-loaded";
import { ExecutionGraph } from "@/components/execution/graph/execution-graph";
import { extractGraph, findStateDefinition } from "@/lib/asl/graph";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { dataFlowSteps } from "@/lib/execution-view/data-flow-steps";
import type { SeenVariable } from "@/lib/execution-view/recheck-jsonata";
import type { KnownContext } from "@/lib/execution-view/data-flow-types";
import type { StateRunDetail } from "@/lib/execution-view/state-run-detail-types";
import { attemptLabel, buildTimeline, type TimelineAttempt } from "@/lib/execution-view/timeline-rows";
import {
  executionDefinitionQueryOptions,
  executionNodeRunsQueryOptions,
  executionOverlayQueryOptions,
  executionViewQueryOptions,
} from "@/lib/execution-view/view-query-options";
import { queryKeys } from "@/lib/api-client/query-keys";
import { getStatusStyle } from "@/components/status/status-style";

// The timeline's code loads in its own chunk, off the graph's path: asked for as soon as the
// Timeline is shown (so it travels while the state runs do), or when idle after the graph.
const loadTimeline = () =>
  import("@/components/execution/timeline/execution-timeline").then((m) => m.ExecutionTimeline);

const noVariables: readonly SeenVariable[] = [];

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
  /** Map iterations the root cause sat in (the graph opens on them; the page's early fetch asked for their overlay). */
  readonly rootCauseIterations: ReadonlyMap<string, number>;
  readonly selectedNodeId: string | null;
  readonly selectedRunKey: string | null;
  /** Writes the selection to the URL (null clears it). */
  readonly onSelect: (nodeId: string | null, runKey: string | null) => void;
  /** A redriven execution's attempt the Timeline draws (`attempt` in the URL: `0` the first run, `n` redrive n; null: all). */
  readonly timelineAttempt: number | null;
  /** What the page already knows of the root cause, shown in the detail panel at once while its run loads. */
  readonly rootCause: KnownRun | null;
  readonly onTimelineAttempt: (attempt: number | null) => void;
}

/** What the banner knows of a run before the run itself is read. */
export interface KnownRun {
  readonly nodeId: string;
  readonly runKey: string;
  /** How the banner names it: "Root cause", "Running when it timed out", … */
  readonly label: string;
  readonly error: string | null;
  readonly cause: string | null;
}

/** The Graph and Timeline tabs with the state detail panel beside them. */
export function GraphAndTimeline(p: GraphAndTimelineProps) {
  const poll = p.running ? 5_000 : false;
  // The definition comes on its own (small, preloaded) with its layout, cached on the server per
  // definition, so ELK never runs here; the graph is coloured from the overlay (a few KB, also
  // preloaded), so it never waits for the state runs (megabytes on a 25,000-event history).
  const def = useQuery({ ...executionDefinitionQueryOptions(p.executionArn), enabled: p.view === "graph" });
  const [iterations, setIterations] = useState<ReadonlyMap<string, number>>(() => new Map(p.rootCauseIterations));
  const chooseIteration = useCallback((id: string, index: number | null) => {
    setIterations((m) => {
      const next = new Map(m);
      if (index === null) next.delete(id);
      else next.set(id, index);
      return next;
    });
  }, []);
  const overlay = useQuery({
    ...executionOverlayQueryOptions(p.executionArn, iterations),
    enabled: p.view === "graph" && Boolean(def.data?.definition),
    refetchInterval: poll,
    // Another iteration's colours replace these when they arrive, without a blank graph between.
    placeholderData: keepPreviousData,
  });
  const node = p.selectedNodeId;
  // Every state run (megabytes on a 25,000-event history) is read for the Timeline only (or
  // when there is no graph to draw); the detail panel asks for its node's run keys alone.
  const timelineShown = useRef(false);
  if (p.view === "timeline") timelineShown.current = true;
  const ExecutionTimeline = useLoaded(loadTimeline, p.view === "timeline" || timelineShown.current);
  const wantTimeline = timelineShown.current;
  const { data, error, refetch } = useQuery({
    ...executionViewQueryOptions(p.executionArn),
    enabled: wantTimeline || def.data?.definition === null,
    refetchInterval: poll,
  });
  // The Timeline is what most look at next: its runs are read once the graph is drawn and the browser is idle.
  const queryClient = useQueryClient();
  const graphDrawn = p.view === "graph" && overlay.data !== undefined;
  useEffect(() => {
    if (!graphDrawn) return;
    const prefetch = () => {
      void loadTimeline();
      void queryClient.prefetchQuery(executionViewQueryOptions(p.executionArn));
    };
    if (typeof window.requestIdleCallback !== "function") {
      const t = setTimeout(prefetch, 500);
      return () => clearTimeout(t);
    }
    const id = window.requestIdleCallback(prefetch, { timeout: 3_000 });
    return () => window.cancelIdleCallback(id);
  }, [graphDrawn, queryClient, p.executionArn]);
  const nodeRuns = useQuery({
    ...executionNodeRunsQueryOptions(p.executionArn, node ?? "", p.eventCount),
    enabled: node !== null,
    placeholderData: (previous, query) => (query?.queryKey[3] === node ? previous : undefined),
  });
  // The header's poll can see the execution end before these run again (and polling then
  // stops): new events always mean reading them once more, so the last states are drawn.
  const seenEventCount = useRef(p.eventCount);
  const refetchOverlay = overlay.refetch;
  const hasOverlay = overlay.data !== undefined;
  useEffect(() => {
    if (seenEventCount.current === p.eventCount) return;
    seenEventCount.current = p.eventCount;
    // Only what was already read: a query not shown yet reads the latest when it is.
    if (data) void refetch();
    if (hasOverlay) void refetchOverlay();
  }, [p.eventCount, refetch, refetchOverlay, data, hasOverlay]);
  const definition = def.data?.definition ?? data?.definition ?? null;
  const graph = useMemo(() => (definition ? extractGraph(definition) : null), [definition]);
  // The timeline's rows are built once the Timeline is first shown (not on the graph's path), then kept per history.
  const attempt: TimelineAttempt = p.timelineAttempt ?? "all";
  const timeline = useMemo(
    () => (data && wantTimeline ? buildTimeline(data, Date.now(), attempt) : null),
    [data, wantTimeline, attempt],
  );
  const runKeys = node ? (nodeRuns.data?.runKeys ?? null) : [];
  // A run picked in the timeline (or linked) is shown at once, before the node's run list is read.
  // The root cause's run is known from the page's header data: it is read at once, beside the node's run list.
  const knownRoot = p.rootCause !== null && node === p.rootCause.nodeId ? p.rootCause : null;
  const runKey =
    p.selectedRunKey && (runKeys === null || runKeys.includes(p.selectedRunKey))
      ? p.selectedRunKey
      : runKeys === null && knownRoot && !p.selectedRunKey
        ? knownRoot.runKey
        : (runKeys?.[0] ?? null);
  const run = useQuery({
    // Keyed by the event count too, so a run that ended since it was read is read again (the old answer shows meanwhile).
    queryKey: queryKeys.executionRun(p.executionArn, runKey, p.eventCount),
    queryFn: () =>
      fetchJson<StateRunDetail>(
        `/api/executions/${encodeURIComponent(p.executionArn)}/runs/${encodeURIComponent(runKey ?? "")}`,
      ),
    enabled: runKey !== null,
    placeholderData: (previous) => (previous?.key === runKey ? previous : undefined),
  });

  const stateDef = useMemo(
    () => (node && definition ? findStateDefinition(definition, node) : null),
    [node, definition],
  );
  const queryLanguage = useMemo(
    () => (definition ? ((JSON.parse(definition) as { QueryLanguage?: string }).QueryLanguage ?? null) : null),
    [definition],
  );
  const runEvents = run.data && run.data.key === runKey ? run.data.events : null;
  const flow = useDataFlow(stateDef, queryLanguage, runEvents, run.data?.variablesSeen ?? noVariables, p.context);

  const failure = error ?? overlay.error ?? def.error;
  if (failure)
    return (
      <p role="alert" className="p-6 text-red-700">
        {failure.message}
      </p>
    );
  if (!(p.view === "graph" && graph) && (!data || (p.view === "timeline" && !(timeline && ExecutionTimeline))))
    return <p className="p-6 text-zinc-500">Loading…</p>;
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
      known={knownRoot && knownRoot.runKey === runKey ? knownRoot : null}
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
              overlay={overlay.data ?? null}
              rootCauseNodeId={p.rootCauseNodeId}
              selectedNodeId={node}
              onSelect={(id) => p.onSelect(id, null)}
              fileName={p.executionName}
              iterations={iterations}
              onChooseIteration={chooseIteration}
              {...(p.eventCount === 0 ? { definitionOnly: "none of this execution's history is stored yet" } : {})}
            />
          ) : !data ? (
            <p className="p-6 text-zinc-500">Loading…</p>
          ) : (
            <p className="p-6 text-zinc-600 dark:text-zinc-400" data-testid="no-definition">
              This execution has no state machine definition stored, so it cannot be drawn as a graph; the Timeline tab
              shows its runs.
            </p>
          )
        ) : timeline && ExecutionTimeline ? (
          <>
            {data && data.attempts.length > 1 ? (
              <AttemptPicker
                attempts={[...data.attempts].reverse().map((a) => ({ index: a.index, status: a.status }))}
                value={p.timelineAttempt}
                onChange={p.onTimelineAttempt}
              />
            ) : null}
            <ExecutionTimeline
              model={timeline}
              selectedNodeId={node}
              focusNodeId={node}
              onSelect={(id, key) => p.onSelect(id, key)}
            />
          </>
        ) : null}
      </div>
      {panel}
    </div>
  );
}

/** A redriven execution's attempts as the Timeline offers them: all (grouped, latest first), or one. */
function AttemptPicker(p: {
  attempts: readonly { index: number; status: string }[];
  value: number | null;
  onChange: (attempt: number | null) => void;
}) {
  const choices = [
    { value: null, label: "All attempts" },
    ...p.attempts.map((a) => ({
      value: a.index,
      label: `${attemptLabel(a.index)} · ${getStatusStyle(a.status).label.toLowerCase()}`,
    })),
  ];
  return (
    <div
      role="radiogroup"
      aria-label="Execution attempt"
      className="flex flex-wrap gap-1 px-6 pt-2 text-xs"
      data-testid="attempt-picker"
    >
      {choices.map((c) => (
        <button
          key={c.value ?? "all"}
          type="button"
          role="radio"
          aria-checked={p.value === c.value}
          onClick={() => p.onChange(c.value)}
          className="rounded border border-zinc-300 px-2 py-0.5 aria-checked:border-blue-600 aria-checked:bg-blue-50 dark:border-zinc-700 dark:aria-checked:bg-blue-950/50"
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}
