import Link from "next/link";
import { tableStyles } from "@/components/analytics/table-styles";
import { MiddleTruncate } from "@/components/layout/middle-truncate";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { replayCompareHref } from "@/lib/actions/local-replay-client";
import type { TestChangeAnswer, TestedExecution } from "@/lib/actions/test-change-request";
import { executionHref } from "@/lib/format/execution-href";

const verdicts: Record<TestedExecution["verdict"], { icon: string; label: string; className: string }> = {
  unchanged: {
    icon: "=",
    label: "Unchanged",
    className: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-600",
  },
  changed: {
    icon: "≠",
    label: "Changed",
    className: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-700",
  },
  error: {
    icon: "!",
    label: "Not replayed",
    className: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-700",
  },
};

/** The results of "Test a change": one row per replayed execution, what changed, and a link to its comparison. */
export function TestChangeResults({ answer }: { answer: TestChangeAnswer }) {
  const { th, link } = tableStyles;
  if (answer.tested === 0)
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="test-change-summary">
        No recorded executions of this state machine match: choose other executions.
      </p>
    );
  return (
    <section className="space-y-2" aria-labelledby="test-change-results-heading">
      <h2 id="test-change-results-heading" className="font-medium">
        Results
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="test-change-summary">
        {answer.tested} replayed: {answer.tested - answer.changed} unchanged, {answer.changed} changed. Each replay is
        stored as a local run; Compare opens it beside the execution it replays.
      </p>
      <table className="w-full text-sm" data-testid="test-change-results">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className={th}>Result</th>
            <th className={th}>Execution</th>
            <th className={th}>Started</th>
            <th className={th}>Recorded</th>
            <th className={th}>Replayed</th>
            <th className={th}>What changed</th>
            <th className={th}>
              <span className="sr-only">Comparison</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {answer.executions.map((e) => {
            const v = verdicts[e.verdict];
            return (
              <tr key={e.executionArn} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-1 pr-3 whitespace-nowrap">
                  <span
                    className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${v.className}`}
                    data-verdict={e.verdict}
                  >
                    <span aria-hidden="true">{v.icon}</span>
                    {v.label}
                  </span>
                </td>
                <td className="py-1 pr-3 font-mono text-xs">
                  {/* One line, cut in the middle past 16rem: an execution name is an identifier, never wrapped. */}
                  <Link className={`${link} block max-w-[16rem]`} href={executionHref(e.executionArn)}>
                    <MiddleTruncate text={e.name} title={e.executionArn} />
                  </Link>
                </td>
                <td className="py-1 pr-3 whitespace-nowrap">
                  <Timestamp iso={e.startDate} />
                </td>
                <td className="py-1 pr-3">{e.recordedStatus ? <StatusBadge status={e.recordedStatus} /> : "–"}</td>
                <td className="py-1 pr-3">{e.replayedStatus ? <StatusBadge status={e.replayedStatus} /> : "–"}</td>
                <td className="py-1 pr-3 [overflow-wrap:anywhere]" data-testid="test-change-summary-cell">
                  {e.verdict === "unchanged" ? <span className="text-zinc-500">{e.summary}</span> : e.summary}
                </td>
                <td className="py-1 whitespace-nowrap">
                  {e.replayArn ? (
                    <Link className={link} href={replayCompareHref(e.replayArn, e.executionArn)}>
                      Compare
                    </Link>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
