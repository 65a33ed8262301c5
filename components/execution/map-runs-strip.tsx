"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/components/status/status-badge";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { formatDuration } from "@/lib/format/format-duration";
import { toSearchParams } from "@/lib/queries/execution-list-params";
import type { MapRunCounts, MapRunSummary } from "@/lib/queries/map-run-types";
import { queryKeys } from "@/lib/api-client/query-keys";

const fmt = (n: number): string => n.toLocaleString("en");

function Counts({ label, counts }: { label: string; counts: MapRunCounts }) {
  const parts: [string, number, string][] = [
    ["succeeded", counts.succeeded, "✓"],
    ["failed", counts.failed, "✗"],
    ["timed out", counts.timedOut, "⏱"],
    ["aborted", counts.aborted, "■"],
    ["running", counts.running, "▶"],
    ["pending", counts.pending, "…"],
  ];
  return (
    <span>
      <span className="text-zinc-500">{label}</span> {fmt(counts.total)}:{" "}
      {parts
        .filter(([, n], i) => n > 0 || i < 2)
        .map(([name, n, icon]) => (
          <span key={name} className="mr-2 whitespace-nowrap" data-count={name}>
            <span aria-hidden="true">{icon}</span> {fmt(n)} {name}
          </span>
        ))}
    </span>
  );
}

/**
 * The Distributed Map runs an execution started, one line each: status, item and child
 * execution counts (DescribeMapRun's, or counted from the stored children), tolerated
 * failures, concurrency. Renders nothing for an execution without Map Runs.
 */
export function MapRunsStrip({ executionArn, running }: { executionArn: string; running: boolean }) {
  const { data } = useQuery({
    queryKey: queryKeys.executionMapRuns(executionArn),
    queryFn: () =>
      fetchJson<{ mapRuns: MapRunSummary[] }>(`/api/executions/${encodeURIComponent(executionArn)}/map-runs`),
    refetchInterval: running ? 5_000 : false,
  });
  if (!data || data.mapRuns.length === 0) return null;
  return (
    <section
      aria-label="Map Runs"
      className="mx-6 mb-2 rounded border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
      data-testid="map-runs"
    >
      {data.mapRuns.map((run) => {
        const durationMs = run.startDate && run.stopDate ? Date.parse(run.stopDate) - Date.parse(run.startDate) : null;
        return (
          <div key={run.mapRunArn} className="flex flex-wrap items-center gap-x-3 gap-y-1" data-map-run={run.label}>
            <span className="font-medium" title={run.mapRunArn}>
              Map Run {run.label}
            </span>
            {run.status ? <StatusBadge status={run.status} /> : null}
            {run.itemCounts ? <Counts label="items" counts={run.itemCounts} /> : null}
            <Counts label="child executions" counts={run.executionCounts} />
            {run.toleratedFailurePercentage !== null &&
            (run.toleratedFailurePercentage > 0 || (run.toleratedFailureCount ?? 0) > 0) ? (
              <span className="text-zinc-500">
                tolerates {run.toleratedFailurePercentage > 0 ? `${run.toleratedFailurePercentage} %` : ""}
                {run.toleratedFailurePercentage > 0 && (run.toleratedFailureCount ?? 0) > 0 ? " or " : ""}
                {(run.toleratedFailureCount ?? 0) > 0 ? `${fmt(run.toleratedFailureCount ?? 0)} failures` : ""}
              </span>
            ) : null}
            {run.maxConcurrency ? (
              <span className="text-zinc-500">at most {fmt(run.maxConcurrency)} at once</span>
            ) : null}
            {durationMs !== null ? <span className="text-zinc-500">{formatDuration(durationMs)}</span> : null}
            <span className="text-xs text-zinc-500">
              {run.source === "DescribeMapRun"
                ? `${fmt(run.storedChildren)} children stored here`
                : "counted from the children stored here"}
            </span>
            {run.storedChildren > 0 ? (
              <Link
                prefetch={false}
                className="text-xs text-blue-700 hover:underline dark:text-blue-400"
                href={`/executions?${toSearchParams({ parent: executionArn })}`}
                data-testid="map-run-children"
              >
                List the children
              </Link>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
