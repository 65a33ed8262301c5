"use client";

import Link from "next/link";
import { MiddleTruncate } from "@/components/layout/middle-truncate";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { formatDuration } from "@/lib/format/format-duration";
import type { ExecutionListRow } from "@/lib/queries/execution-list-types";
import { executionHref } from "@/lib/format/execution-href";
import { stateMachinePagePath } from "@/lib/queries/state-machine-page-params";

type SortField = "startDate" | "stopDate" | "duration" | "name" | "status" | "stateMachine";

// A fixed layout with set widths for the short columns: the table is never wider than its area
// (at 1366×768 too), and the name and error columns share what is left, wide or narrow.
const columns: { field: SortField | null; label: string; className?: string; width?: string }[] = [
  { field: "status", label: "Status", width: "w-32" },
  { field: "name", label: "Execution" },
  { field: "stateMachine", label: "State machine", width: "w-44" },
  { field: "startDate", label: "Started", width: "w-52" },
  { field: "duration", label: "Duration", className: "text-right", width: "w-24" },
  { field: null, label: "Error / root cause" },
  { field: null, label: "Source", width: "w-32" },
];

/** The executions table: sortable headers, one row per execution, each linking to its page. */
export function ExecutionsTable(props: {
  rows: readonly ExecutionListRow[];
  sort: SortField;
  order: "asc" | "desc";
  onSort: (field: SortField) => void;
  /** The list's URL sorted by `field`: headers are links, so a click works before the page hydrates. */
  sortHref: (field: SortField) => string;
}) {
  const { rows, sort, order, onSort, sortHref } = props;
  return (
    <table
      className="w-full table-fixed border-collapse text-left"
      data-testid="executions-table"
      onKeyDown={moveFocus}
    >
      <colgroup>
        {columns.map((c) => (
          <col key={c.label} className={c.width} />
        ))}
      </colgroup>
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
                <a
                  href={sortHref(c.field)}
                  className="uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                    e.preventDefault();
                    onSort(c.field as SortField);
                  }}
                >
                  {c.label}
                  {c.field === sort ? (order === "asc" ? " ▲" : " ▼") : ""}
                </a>
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
              {/* Cut in the middle: a replay's name differs from its original's at the end. Its two
                  parts would be read as two words: the link is named by the whole name. */}
              <Link
                href={executionHref(r.executionArn)}
                aria-label={r.name}
                data-row-link
                className="block text-blue-700 hover:underline dark:text-blue-400"
              >
                <MiddleTruncate text={r.name} title={r.executionArn} />
              </Link>
            </td>
            <td className="truncate px-3 py-1.5" title={r.stateMachineArn}>
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
            <td className="px-3 py-1.5" title={errorTitle(r)} data-testid="execution-error">
              {/* The root cause and the final error on a line each: side by side, the final one was cut at 1366 px. */}
              {r.rootCauseError && r.rootCauseError !== r.error ? (
                <>
                  <div className="truncate">
                    <span className="font-medium text-red-700 dark:text-red-400">{r.rootCauseError}</span>
                    {r.rootCauseState ? <span className="ml-1 text-zinc-500">at {r.rootCauseState}</span> : null}
                  </div>
                  <div className="truncate text-xs">
                    <span className="text-zinc-500"> → </span>
                    <span className="text-red-700 dark:text-red-400">{r.error ?? "(none)"}</span>
                  </div>
                </>
              ) : r.error || r.rootCauseState ? (
                <div className="truncate">
                  {r.error ? <span className="font-medium text-red-700 dark:text-red-400">{r.error}</span> : null}
                  {r.rootCauseState ? <span className="ml-1 text-zinc-500">at {r.rootCauseState}</span> : null}
                </div>
              ) : null}
            </td>
            <td className="truncate px-3 py-1.5 text-zinc-600 dark:text-zinc-400" title={r.sourceName}>
              {/* The demo source is named "demo": its name as the badge, not "demo demo". */}
              {r.isDemo ? (
                <span className="rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900 dark:text-amber-200">
                  {r.sourceName === "demo" ? "demo" : `${r.sourceName} (demo)`}
                </span>
              ) : (
                r.sourceName
              )}
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

/** The error cell's title: the root-cause error where the failure started, the final error, and the cause. */
function errorTitle(r: ExecutionListRow): string | undefined {
  const lines: string[] = [];
  if (r.rootCauseError && r.rootCauseError !== r.error) {
    lines.push(`Root cause: ${r.rootCauseError}${r.rootCauseState ? ` in ${r.rootCauseState}` : ""}`);
    lines.push(`Final error of the execution: ${r.error ?? "(none)"}`);
  }
  if (r.cause) lines.push(r.cause);
  return lines.length ? lines.join("\n") : undefined;
}
