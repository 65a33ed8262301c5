import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { Timestamp } from "@/components/time/timestamp";
import { executionHref } from "@/lib/format/execution-href";
import type { Failures } from "@/lib/queries/failure-types";
import { tableStyles } from "./table-styles";

const { link, th } = tableStyles;

/** Failure groups with their trend; each group links to its executions (`groupHref`), its newest one to the execution. */
export function FailureGroupsTable({
  failures,
  groupHref,
}: {
  failures: Pick<Failures, "groups" | "trendDays">;
  groupHref: (signature: string) => string;
}) {
  return (
    <table className="w-full text-sm" data-testid="failure-groups">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className={th}>Error · state · state machine</th>
          <th className={`${th} text-right`}>Count</th>
          <th className={th}>Trend</th>
          <th className={th}>First seen</th>
          <th className={th}>Last seen</th>
          <th className={th}>Newest</th>
        </tr>
      </thead>
      <tbody>
        {failures.groups.map((g) => (
          <tr
            key={g.signature}
            className="border-t border-zinc-100 align-top dark:border-zinc-800"
            data-testid="failure-group"
            data-state-machine={g.stateMachine}
            data-state-machine-arn={g.stateMachineArn}
          >
            <td className="py-1 pr-3">
              <Link className={`${link} font-medium`} href={groupHref(g.signature)} data-testid="failure-group-link">
                {g.error ?? "(no error name)"}
              </Link>
              <span className="text-zinc-600 dark:text-zinc-400">
                {" "}
                in {g.rootCauseState ?? "(execution)"} · <span title={g.stateMachineArn}>{g.stateMachine}</span>
              </span>
              <div className="max-w-md truncate font-mono text-xs text-zinc-500" title={g.normalizedCause}>
                {g.normalizedCause || "(no cause)"}
              </div>
            </td>
            <td className="py-1 pr-3 text-right tabular-nums">{g.count.toLocaleString("en")}</td>
            <td className="py-1 pr-3">
              <Sparkline values={g.trend} title={`${g.trend.join(", ")} per day from ${failures.trendDays[0]}`} />
            </td>
            <td className="py-1 pr-3 whitespace-nowrap">
              <Timestamp iso={g.firstSeen} />
            </td>
            <td className="py-1 pr-3 whitespace-nowrap">
              <Timestamp iso={g.lastSeen} />
            </td>
            <td className="py-1">
              {g.newestExecutionArn ? (
                <Link className={link} href={executionHref(g.newestExecutionArn)}>
                  open
                </Link>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
