"use client";

import { Fragment, useState } from "react";
import { attemptLabel } from "@/lib/execution-view/timeline-rows";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { describeScope } from "@/lib/format/describe-scope";
import { formatDuration } from "@/lib/format/format-duration";
import type { StateRunRow } from "@/lib/queries/execution-detail-types";

/** Every visit to a state in entry order, with where it ran (branch, iteration) and its retries. */
export function StateRunsTable({ runs }: { runs: readonly StateRunRow[] }) {
  const [limit, setLimit] = useState(500);
  if (!runs.length) return <p className="px-6 py-4 text-zinc-500">No state was entered in this history.</p>;
  // A redriven execution's runs come latest attempt first; a row per attempt heads its runs.
  const redriven = runs.some((r) => r.redrive !== null);
  const columns = ["Status", "State", "Type", "Where", "Entered", "Duration", "Retries", "Error"];
  return (
    <table className="w-full text-left" data-testid="state-runs">
      <thead className="text-xs uppercase tracking-wide text-zinc-500">
        <tr>
          {columns.map((h) => (
            <th key={h} scope="col" className="border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {runs.slice(0, limit).map((r, i) => (
          <Fragment key={r.key}>
            {redriven && r.redrive !== runs[i - 1]?.redrive ? (
              <tr data-testid="state-runs-attempt" className="bg-zinc-50 dark:bg-zinc-900">
                <th colSpan={columns.length} scope="rowgroup" className="px-3 py-1 text-left text-xs font-semibold">
                  {attemptLabel(r.redrive ?? 0)}
                </th>
              </tr>
            ) : null}
            <tr
              className="border-b border-zinc-100 dark:border-zinc-800/60"
              data-testid="state-run"
              data-redrive={r.redrive ?? undefined}
            >
              <td className="px-3 py-1">
                <StatusBadge status={r.retryCount > 0 && r.status === "SUCCEEDED" ? "RETRIED" : r.status} />
              </td>
              <td className="px-3 py-1 font-medium">{r.name}</td>
              <td className="px-3 py-1 text-zinc-500">{r.stateType}</td>
              <td className="max-w-64 truncate px-3 py-1 text-zinc-500">{describeScope(r.scope) || "top level"}</td>
              <td className="px-3 py-1">
                <Timestamp iso={r.enteredAt} />
              </td>
              <td className="px-3 py-1 tabular-nums">
                {formatDuration(r.exitedAt ? Date.parse(r.exitedAt) - Date.parse(r.enteredAt) : null)}
              </td>
              <td className="px-3 py-1 tabular-nums">{r.retryCount || ""}</td>
              <td className="max-w-80 truncate px-3 py-1 text-red-700 dark:text-red-400">{r.error ?? ""}</td>
            </tr>
          </Fragment>
        ))}
      </tbody>
      {runs.length > limit ? (
        <tfoot>
          <tr>
            <td colSpan={columns.length} className="px-3 py-2">
              <button
                type="button"
                className="text-blue-700 underline dark:text-blue-400"
                onClick={() => setLimit(runs.length)}
              >
                Show all {runs.length.toLocaleString("en")} state runs (first {limit.toLocaleString("en")} shown)
              </button>
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
