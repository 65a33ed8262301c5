"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { executionQueryOptions, stateRunsQueryOptions } from "@/lib/api-client/execution-queries";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { compareRuns } from "@/lib/execution-view/compare-runs";
import { diffJson, parseJsonPayload } from "@/lib/execution-view/diff-json";
import type { ComparableExecution } from "@/lib/queries/list-comparable-executions";
import { OutcomeComparison } from "@/components/replay/outcome-comparison";
import { JsonDiffView } from "./json-diff-view";
import { PathComparison } from "./path-comparison";
import { queryKeys } from "@/lib/api-client/query-keys";

/**
 * The Compare tab: pick another execution of the same state machine (last success first)
 * and see where the top-level paths diverge and how the inputs differ.
 */
export function ComparePanel({
  executionArn,
  executionName,
  input,
  withArn,
  onPick,
}: {
  executionArn: string;
  executionName: string;
  input: string | null;
  withArn: string | null;
  onPick: (arn: string | null) => void;
}) {
  const comparable = useQuery({
    queryKey: queryKeys.executionComparable(executionArn),
    queryFn: () =>
      fetchJson<{ executions: ComparableExecution[] }>(
        `/api/executions/${encodeURIComponent(executionArn)}/comparable`,
      ),
  });
  const other = useQuery({ ...executionQueryOptions(withArn ?? ""), enabled: withArn !== null });
  const own = useQuery({ ...executionQueryOptions(executionArn), enabled: withArn !== null });
  const ownRuns = useQuery({ ...stateRunsQueryOptions(executionArn), enabled: withArn !== null });
  const otherRuns = useQuery({ ...stateRunsQueryOptions(withArn ?? ""), enabled: withArn !== null });

  const comparison = useMemo(
    () => (ownRuns.data && otherRuns.data ? compareRuns(ownRuns.data.runs, otherRuns.data.runs) : null),
    [ownRuns.data, otherRuns.data],
  );
  const inputChanges = useMemo(
    () => (other.data ? diffJson(parseJsonPayload(input), parseJsonPayload(other.data.input)) : null),
    [input, other.data],
  );

  const outputChanges = useMemo(
    () =>
      own.data && other.data ? diffJson(parseJsonPayload(own.data.output), parseJsonPayload(other.data.output)) : null,
    [own.data, other.data],
  );

  const options = comparable.data?.executions ?? [];
  const listed = withArn === null || options.some((o) => o.executionArn === withArn);
  const error = comparable.error ?? other.error ?? ownRuns.error ?? otherRuns.error;

  return (
    <div className="flex flex-col gap-6 p-6" data-testid="compare-panel">
      <label className="flex flex-wrap items-center gap-2 text-sm">
        <span>Compare with</span>
        <select
          data-testid="compare-select"
          className="max-w-full rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          value={withArn ?? ""}
          disabled={!comparable.data}
          onChange={(e) => onPick(e.target.value === "" ? null : e.target.value)}
        >
          <option value="">
            {comparable.data
              ? options.length
                ? "Choose an execution…"
                : "No other executions of this state machine"
              : "Loading…"}
          </option>
          {!listed && withArn ? <option value={withArn}>{other.data?.name ?? withArn}</option> : null}
          {options.map((o) => (
            <option key={o.executionArn} value={o.executionArn}>
              {o.lastSuccess ? "Last success: " : ""}
              {o.name} — {o.status.toLowerCase()} — {new Date(o.startDate).toLocaleString()}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p role="alert" className="text-red-700">
          {error.message}
        </p>
      ) : null}
      {withArn === null ? (
        <p className="text-sm text-zinc-500">
          Pick an execution to see where the paths diverge and how the inputs differ.
        </p>
      ) : (
        <>
          {comparison ? (
            <PathComparison
              comparison={comparison}
              leftLabel={`This execution (${executionName})`}
              rightLabel={other.data?.name ?? "Compared with"}
            />
          ) : (
            <p className="text-sm text-zinc-500">Loading state runs…</p>
          )}
          <section aria-labelledby="compare-input-heading">
            <h2 id="compare-input-heading" className="mb-1 font-medium">
              Input
            </h2>
            {inputChanges ? (
              <JsonDiffView changes={inputChanges} label="Input differences" />
            ) : (
              <p className="text-sm text-zinc-500">Loading input…</p>
            )}
          </section>
          {own.data && other.data && outputChanges ? (
            <OutcomeComparison
              left={{
                label: `This execution (${executionName})`,
                status: own.data.status,
                error: own.data.error,
                cause: own.data.cause,
              }}
              right={{
                label: other.data.name,
                status: other.data.status,
                error: other.data.error,
                cause: other.data.cause,
              }}
              outputChanges={outputChanges}
            />
          ) : null}
        </>
      )}
    </div>
  );
}
