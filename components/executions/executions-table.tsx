"use client";

import Link from "next/link";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { formatDuration } from "@/lib/format/format-duration";
import type { ExecutionListRow } from "@/lib/queries/execution-list-types";
import { executionHref } from "@/lib/format/execution-href";
import { stateMachinePagePath } from "@/lib/queries/state-machine-page-params";

type SortField = "startDate" | "stopDate" | "duration" | "name" | "status" | "stateMachine";

const columns: { field: SortField | null; label: string; className?: string }[] = [
  { field: "status", label: "Status" },
  { field: "name", label: "Execution" },
  { field: "stateMachine", label: "State machine" },
  { field: "startDate", label: "Started" },
  { field: "duration", label: "Duration", className: "text-right" },
  { field: null, label: "Error / root cause" },
  { field: null, label: "Source" },
];

/** The executions table: sortable headers, one row per execution, each linking to its page. */
export function ExecutionsTable(props: {
  rows: readonly ExecutionListRow[];
  sort: SortField;
  order: "asc" | "desc";
  onSort: (field: SortField) => void;
}) {
  const { rows, sort, order, onSort } = props;
  return (
    <table className="w-full border-collapse text-left" data-testid="executions-table" onKeyDown={moveFocus}>
      <thead className="sticky top-0 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
        <tr>
          {columns.map((c) => (
            <th
              key={c.label}
              scope="col"
              className={`border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800 ${c.className ?? ""}`}
              aria-sort={c.field && c.field === sort ? (order === "asc" ? "ascending" : "descending") : undefined}
            >
              {c.field ? (
                <button
                  type="button"
                  className="uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
                  onClick={() => onSort(c.field as SortField)}
                >
                  {c.label}
                  {c.field === sort ? (order === "asc" ? " ▲" : " ▼") : ""}
                </button>
              ) : (
                c.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.id}
            className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-900"
          >
            <td className="px-3 py-1.5">
              <StatusBadge status={r.status} />
            </td>
            <td className="px-3 py-1.5 font-mono text-xs">
              {/* Widths on a block inside the cell: an auto-layout table cell grows to its nowrap content. */}
              <div className="max-w-44 truncate 2xl:max-w-56">
                <Link
                  href={executionHref(r.executionArn)}
                  data-row-link
                  className="text-blue-700 hover:underline dark:text-blue-400"
                  title={r.executionArn}
                >
                  {r.name}
                </Link>
              </div>
            </td>
            <td className="max-w-48 truncate px-3 py-1.5" title={r.stateMachineArn}>
              <Link href={stateMachinePagePath(r.stateMachineArn)} className="hover:underline">
                {r.stateMachineName}
              </Link>
              {r.type === "EXPRESS" ? <span className="ml-1 text-xs text-zinc-500">Express</span> : null}
              {r.partialReason ? (
                <span
                  className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900 dark:text-amber-200"
                  title={r.partialReason}
                >
                  partial history
                </span>
              ) : null}
            </td>
            <td className="px-3 py-1.5">
              <Timestamp iso={r.startDate} />
            </td>
            <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{formatDuration(r.durationMs)}</td>
            <td className="px-3 py-1.5" title={r.cause ?? undefined}>
              <div className="max-w-52 truncate 2xl:max-w-60">
                {r.error ? <span className="font-medium text-red-700 dark:text-red-400">{r.error}</span> : null}
                {r.rootCauseState ? <span className="ml-1 text-zinc-500">at {r.rootCauseState}</span> : null}
              </div>
            </td>
            <td className="whitespace-nowrap px-3 py-1.5 text-zinc-600 dark:text-zinc-400">
              {r.sourceName}
              {r.isDemo ? (
                <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900 dark:text-amber-200">
                  demo
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `j`/`↓` and `k`/`↑` move between rows (their execution links); Enter opens one. */
function moveFocus(e: React.KeyboardEvent<HTMLTableElement>) {
  const step = e.key === "ArrowDown" || e.key === "j" ? 1 : e.key === "ArrowUp" || e.key === "k" ? -1 : 0;
  if (!step) return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>("a[data-row-link]")];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = links[Math.min(links.length - 1, Math.max(0, at + step))];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}
