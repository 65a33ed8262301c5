import Link from "next/link";
import type { ExecutionDetail } from "@/lib/queries/execution-detail-types";
import { StatusBadge } from "@/components/status/status-badge";
import { describeScope } from "@/lib/format/describe-scope";
import { prettyPayload } from "@/lib/format/pretty-payload";
import { describeOutcome } from "@/lib/execution-view/describe-outcome";

/** The first thing a failed execution shows: where it failed first, and why. */
export function RootCauseBanner({
  detail,
  links,
}: {
  detail: ExecutionDetail;
  links?: { graph: string | null; timeline: string };
}) {
  if (!["FAILED", "TIMED_OUT", "ABORTED"].includes(detail.status)) return null;
  const rc = detail.rootCause;
  const error = rc?.error ?? detail.error;
  const cause = rc?.cause ?? detail.cause;
  const explained = detail.outcome ? describeOutcome(detail.outcome) : [];
  // A timeout or a stop is not the fault of the state that was running: say it was running.
  const rcLabel =
    detail.status === "TIMED_OUT"
      ? "Running when it timed out: state"
      : detail.status === "ABORTED"
        ? "Running when it was stopped: state"
        : "Root cause: state";
  const linkClass = "text-blue-700 underline dark:text-blue-400";
  // Compact on purpose: at 1366×768 the graph below must stay in view. One line says where and
  // what; the explanation follows; the cause (often a long JSON) opens on request.
  return (
    <section
      aria-label="Root cause"
      data-testid="root-cause"
      className="mx-6 mt-3 rounded border border-red-300 bg-red-50 px-4 py-2 text-sm dark:border-red-800 dark:bg-red-950/40"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <StatusBadge status={detail.status} />
        {rc ? (
          <span>
            {rcLabel} <strong data-testid="root-cause-state">{rc.stateName}</strong>
            {rc.scope.length ? (
              <span className="text-zinc-600 dark:text-zinc-400"> ({describeScope(rc.scope)})</span>
            ) : null}
            {rc.eventId !== null ? <span className="text-zinc-500"> · event {rc.eventId}</span> : null}
          </span>
        ) : explained.length ? null : (
          <span>No single state is to blame in this history.</span>
        )}
        {error ? (
          <span className="font-mono font-semibold text-red-800 dark:text-red-300" data-testid="root-cause-error">
            {error}
          </span>
        ) : null}
        {rc && detail.error && detail.error !== error ? (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            then failed with <span className="font-mono">{detail.error}</span>
          </span>
        ) : null}
        {rc && links ? (
          <span className="ml-auto flex gap-3 text-xs">
            {links.graph ? (
              <Link replace scroll={false} className={linkClass} href={links.graph} data-testid="root-cause-in-graph">
                Show in graph
              </Link>
            ) : null}
            <Link
              replace
              scroll={false}
              className={linkClass}
              href={links.timeline}
              data-testid="root-cause-in-timeline"
            >
              Show in timeline
            </Link>
          </span>
        ) : null}
      </div>
      {explained.length ? (
        <ul className="mt-1 space-y-0.5 text-zinc-800 dark:text-zinc-200" data-testid="outcome-explanation">
          {explained.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {cause ? (
        <details className="group mt-1" data-testid="root-cause-cause">
          <summary className="flex cursor-pointer gap-1 text-xs text-red-900 dark:text-red-200">
            <span className="shrink-0 font-medium">Cause:</span>
            {/* Its first line while closed; the whole cause, formatted, once opened. */}
            <span className="truncate font-mono group-open:hidden">{oneLine(cause)}</span>
          </summary>
          <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-words font-mono text-xs text-red-900 dark:text-red-200">
            {prettyPayload(cause)}
          </pre>
        </details>
      ) : null}
    </section>
  );
}

/** A cause on one line (JSON and multi-line messages collapsed), for the closed summary. */
function oneLine(cause: string): string {
  return cause.replace(/\s+/g, " ").trim();
}
