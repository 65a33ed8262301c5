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
  return (
    <section
      aria-label="Root cause"
      data-testid="root-cause"
      className="mx-6 mt-4 rounded border border-red-300 bg-red-50 p-4 dark:border-red-800 dark:bg-red-950/40"
    >
      <div className="flex flex-wrap items-center gap-2">
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
      </div>
      {rc && links ? (
        <p className="mt-1 flex gap-3 text-xs">
          {links.graph ? (
            <Link
              replace
              scroll={false}
              className="text-blue-700 underline dark:text-blue-400"
              href={links.graph}
              data-testid="root-cause-in-graph"
            >
              Show in graph
            </Link>
          ) : null}
          <Link
            replace
            scroll={false}
            className="text-blue-700 underline dark:text-blue-400"
            href={links.timeline}
            data-testid="root-cause-in-timeline"
          >
            Show in timeline
          </Link>
        </p>
      ) : null}
      {error ? (
        <p
          className="mt-2 font-mono text-sm font-semibold text-red-800 dark:text-red-300"
          data-testid="root-cause-error"
        >
          {error}
        </p>
      ) : null}
      {explained.length ? (
        <ul className="mt-1 space-y-0.5 text-sm text-zinc-800 dark:text-zinc-200" data-testid="outcome-explanation">
          {explained.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {rc && detail.error && detail.error !== error ? (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          The execution then failed with <span className="font-mono">{detail.error}</span>.
        </p>
      ) : null}
      {cause ? (
        <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-words font-mono text-xs text-red-900 dark:text-red-200">
          {prettyPayload(cause)}
        </pre>
      ) : null}
    </section>
  );
}
