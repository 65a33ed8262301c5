"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { ExecutionHeader } from "@/components/execution/execution-header";
import { ExecutionActions } from "@/components/actions/execution-actions";
import { ExecutionLinks } from "@/components/execution/execution-links";
import { MapRunsStrip } from "@/components/execution/map-runs-strip";
import { RootCauseBanner } from "@/components/execution/root-cause-banner";
import { JsonView } from "@/components/json/json-view";
import { MiddleTruncate } from "@/components/layout/middle-truncate";
import { PageHeader } from "@/components/layout/page-header";
import { awsConsoleUrl } from "@/lib/execution-view/aws-console-url";
import { linkEventsToRuns, type EventRunLink } from "@/lib/execution-view/link-events-to-runs";
import { iterationsOfScope, nodeIdOfRun } from "@/lib/execution-view/node-id-of-run";
import { executionDefinitionQueryOptions, executionViewQueryOptions } from "@/lib/execution-view/view-query-options";
import { opensOnGraphOrTimeline } from "@/lib/execution-view/opens-on-graph-or-timeline";
import { GraphAndTimeline } from "@/components/execution/graph-and-timeline";
import { useLoaded } from "@/lib/hooks/use-loaded";
import { eventsQueryOptions, executionQueryOptions, stateRunsQueryOptions } from "@/lib/api-client/execution-queries";

// Tabs other than the ones a page opens on load their code in chunks of their own, when first shown.
const loadEventList = () => import("@/components/execution/event-list").then((m) => m.EventList);
const loadComparePanel = () => import("@/components/execution/compare/compare-panel").then((m) => m.ComparePanel);
const loadStateRunsTable = () => import("@/components/execution/state-runs-table").then((m) => m.StateRunsTable);

const tabs = [
  { id: "overview", label: "Input & output" },
  { id: "graph", label: "Graph" },
  { id: "timeline", label: "Timeline" },
  { id: "states", label: "States" },
  { id: "events", label: "Events" },
  { id: "definition", label: "Definition" },
  { id: "compare", label: "Compare" },
] as const;
type Tab = (typeof tabs)[number]["id"];

export function ExecutionPageClient({ executionArn, traceUrl }: { executionArn: string; traceUrl: string | null }) {
  const pathname = usePathname();
  const search = useSearchPlace();
  const requested = tabs.find((t) => t.id === search.get("tab"))?.id ?? null;
  const { data: detail, error } = useQuery({
    ...executionQueryOptions(executionArn),
    // A running execution refreshes by polling; a closed one never changes.
    refetchInterval: (q) => (q.state.data?.status === "RUNNING" ? 5_000 : false),
  });
  const failed = detail ? opensOnGraphOrTimeline(detail) : false;
  // Root cause first: a failed execution opens on its graph (or timeline) with the root-cause state selected.
  const tab: Tab = requested ?? (failed ? (detail?.hasDefinition ? "graph" : "timeline") : "overview");
  const rootCauseNodeId = detail?.rootCause ? nodeIdOfRun(detail.rootCause.scope, detail.rootCause.stateName) : null;
  const selectedNodeId = search.get("state") ?? (requested === null && failed ? rootCauseNodeId : null);
  const events = useQuery({ ...eventsQueryOptions(executionArn), enabled: tab === "events" });
  const runs = useQuery({ ...stateRunsQueryOptions(executionArn), enabled: tab === "states" });
  // The Events tab links each event to its state run (the same runs the graph draws, shared in the cache).
  const view = useQuery({ ...executionViewQueryOptions(executionArn), enabled: tab === "events" });
  const EventList = useLoaded(loadEventList, tab === "events");
  const ComparePanel = useLoaded(loadComparePanel, tab === "compare");
  const StateRunsTable = useLoaded(loadStateRunsTable, tab === "states");
  const eventLinks = useMemo(
    () => (events.data && view.data ? linkEventsToRuns(events.data.events, view.data.runs) : null),
    [events.data, view.data],
  );

  if (error)
    return (
      <p role="alert" className="p-6 text-red-700">
        {error.message}
      </p>
    );
  if (!detail) return <p className="p-6 text-zinc-500">Loading…</p>;
  const href = (t: Tab, extra: Readonly<Record<string, string | null>> = {}) => {
    const p = new URLSearchParams(search.toString());
    p.set("tab", t);
    for (const [k, v] of Object.entries(extra)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    return `${pathname}?${p.toString()}`;
  };

  return (
    <div className="flex min-h-full flex-col">
      <PageHeader title={<MiddleTruncate text={detail.name} title={detail.executionArn} className="font-mono" />}>
        <ExecutionActions executionArn={executionArn} />
        <ExecutionLinks
          consoleUrl={detail.sourceKind === "AWS" ? awsConsoleUrl(detail.executionArn, detail.startDate) : null}
          historyHref={`/api/executions/${encodeURIComponent(executionArn)}/history`}
          // A running execution has no trace yet: it is exported when it ends.
          traceUrl={detail.status === "RUNNING" ? null : traceUrl}
        />
      </PageHeader>
      <ExecutionHeader detail={detail} />
      <MapRunsStrip executionArn={executionArn} running={detail.status === "RUNNING"} />
      <RootCauseBanner
        detail={detail}
        links={{
          graph: detail.hasDefinition && rootCauseNodeId ? href("graph", { state: rootCauseNodeId, run: null }) : null,
          timeline: href("timeline", { state: rootCauseNodeId, run: null }),
        }}
      />
      <nav aria-label="Execution views" className="mt-3 flex gap-1 border-b border-zinc-200 px-6 dark:border-zinc-800">
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={href(t.id)}
            replace
            scroll={false}
            aria-current={tab === t.id ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              search.replace(href(t.id));
            }}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-zinc-600 aria-[current=page]:border-blue-600 aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:aria-[current=page]:text-zinc-100"
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "overview" ? (
        <div className="grid gap-4 p-6 lg:grid-cols-2">
          <div>
            <h2 className="mb-1 font-medium">Input</h2>
            <JsonView value={detail.input} label="Input" />
          </div>
          <div>
            <h2 className="mb-1 font-medium">Output</h2>
            <JsonView value={detail.output} label="Output" />
          </div>
        </div>
      ) : null}
      {tab === "graph" || tab === "timeline" ? (
        <GraphAndTimeline
          executionArn={executionArn}
          executionName={detail.name}
          context={{
            executionArn: detail.executionArn,
            executionName: detail.name,
            executionStartTime: detail.startDate,
            stateMachineArn: detail.stateMachineArn,
            stateMachineName: detail.stateMachineName,
          }}
          view={tab}
          running={detail.status === "RUNNING"}
          eventCount={detail.eventCount}
          rootCauseNodeId={rootCauseNodeId}
          rootCauseIterations={iterationsOfScope(detail.rootCause?.scope ?? [])}
          selectedNodeId={selectedNodeId}
          selectedRunKey={search.get("run")}
          onSelect={(state, run) => search.replace(href(tab, { state, run }))}
          timelineAttempt={attemptParam(search.get("attempt"))}
          rootCause={
            detail.rootCause?.runKey && rootCauseNodeId
              ? {
                  nodeId: rootCauseNodeId,
                  runKey: detail.rootCause.runKey,
                  label:
                    detail.status === "TIMED_OUT"
                      ? "Running when the execution timed out"
                      : detail.status === "ABORTED"
                        ? "Running when the execution was stopped"
                        : "Root cause of the failure",
                  error: detail.rootCause.error ?? detail.error,
                  cause: detail.rootCause.cause ?? detail.cause,
                }
              : null
          }
          onTimelineAttempt={(a) => search.replace(href(tab, { attempt: a === null ? null : String(a) }))}
        />
      ) : null}
      {tab === "states" ? (
        runs.data && StateRunsTable ? (
          <StateRunsTable runs={runs.data.runs} />
        ) : (
          <p className="p-6 text-zinc-500">Loading…</p>
        )
      ) : null}
      {tab === "events" ? (
        events.data && EventList ? (
          <EventList
            executionArn={executionArn}
            events={events.data.events}
            links={eventLinks}
            stateHref={(l: EventRunLink) =>
              href(detail.hasDefinition ? "graph" : "timeline", { state: l.nodeId, run: l.runKey })
            }
            onOpenState={(l: EventRunLink) =>
              search.replace(href(detail.hasDefinition ? "graph" : "timeline", { state: l.nodeId, run: l.runKey }))
            }
            filter={{ type: search.get("eventType") ?? "", state: search.get("eventState") ?? "" }}
            onFilter={(f) => search.replace(href("events", { eventType: f.type || null, eventState: f.state || null }))}
          />
        ) : (
          <p className="p-6 text-zinc-500">Loading events…</p>
        )
      ) : null}
      {tab === "definition" ? (
        <DefinitionPanel executionArn={executionArn} hasDefinition={detail.hasDefinition} />
      ) : null}
      {tab === "compare" ? (
        ComparePanel ? (
          <ComparePanel
            executionArn={executionArn}
            executionName={detail.name}
            input={detail.input}
            withArn={search.get("with")}
            onPick={(arn) => search.replace(href("compare", { with: arn }))}
          />
        ) : (
          <p className="p-6 text-zinc-500">Loading…</p>
        )
      ) : null}
    </div>
  );
}

/**
 * The page's query (tab, selection, filters) and a way to replace it. The new query is put in
 * the URL without asking the server for the page again (Next.js syncs `useSearchParams` with the
 * History API, whereas `router.replace` renders the dynamic page on the server anew), and shown
 * at once: Next.js applies a History API change in a transition, behind whatever else renders,
 * so a click in the graph would wait for it.
 */
function useSearchPlace() {
  const actual = useSearchParams();
  const actualQuery = actual.toString();
  const [pending, setPending] = useState<{ readonly over: string; readonly query: string } | null>(null);
  const current = pending && pending.over === actualQuery ? pending.query : actualQuery;
  return useMemo(() => {
    const params = new URLSearchParams(current);
    return {
      get: (name: string) => params.get(name),
      toString: () => current,
      replace: (url: string) => {
        setPending({ over: actualQuery, query: new URL(url, window.location.href).searchParams.toString() });
        window.history.replaceState(null, "", url);
      },
    };
  }, [current, actualQuery]);
}

function DefinitionPanel({ executionArn, hasDefinition }: { executionArn: string; hasDefinition: boolean }) {
  const { data } = useQuery({ ...executionDefinitionQueryOptions(executionArn), enabled: hasDefinition });
  if (!hasDefinition) {
    return (
      <p className="p-6 text-zinc-600 dark:text-zinc-400" data-testid="no-definition">
        This execution has no state machine definition stored, so it cannot be drawn as a graph. Import it as a bundle
        with <code className="font-mono">describe-state-machine</code> output beside the events to add one.
      </p>
    );
  }
  return (
    <div className="p-6">
      <JsonView value={data?.definition ?? null} label="Definition" />
    </div>
  );
}

/** `attempt` from the URL: a redrive number (0 the first run), or null for all attempts. */
function attemptParam(value: string | null): number | null {
  return value !== null && /^\d{1,4}$/.test(value) ? Number(value) : null;
}
