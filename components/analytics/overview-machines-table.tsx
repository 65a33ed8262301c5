"use client";

import Link from "next/link";
import { formatDuration } from "@/lib/format/format-duration";
import { toSearchParams } from "@/lib/queries/execution-list-params";
import type { OverviewMachineRow } from "@/lib/queries/get-overview";
import { formatCount, tableStyles } from "./table-styles";

const { link } = tableStyles;
const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(r < 0.1 ? 2 : 1)}%`);

/**
 * The Overview's table of state machines, each linking to its executions. A client component
 * so the page's payload carries the rows as data (about a quarter of their rendered markup:
 * every Overview request serializes it, and the markup is built once, in the browser or by
 * the server's HTML render).
 */
export function OverviewMachinesTable({
  rows,
  listQuery,
  scope,
}: {
  rows: readonly OverviewMachineRow[];
  /** The executions list's parameters that match the Overview's figures (range, source, local runs). */
  listQuery: Readonly<Record<string, string>>;
  /** The same without the range (the failures link lists them whenever they started). */
  scope: Readonly<Record<string, string>>;
}) {
  return (
    <table className="w-full text-sm" data-testid="overview-machines">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className="py-1">State machine</th>
          <th className="text-right">Executions</th>
          <th className="text-right">Failed</th>
          <th className="text-right">Failure rate</th>
          <th className="text-right">p50</th>
          <th className="text-right">p95</th>
          <th className="text-right">p99</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {rows.map((m) => (
          <tr key={m.stateMachineArn} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1">
              <Link
                className={link}
                href={`/executions?${new URLSearchParams({ ...listQuery, stateMachine: m.stateMachineArn })}`}
                title={m.stateMachineArn}
              >
                {m.stateMachine}
              </Link>
            </td>
            <td className="text-right">{formatCount(m.total)}</td>
            <td className="text-right">
              <Link
                className={link}
                href={`/executions?${toSearchParams({ stateMachine: m.stateMachineArn, status: ["FAILED", "TIMED_OUT"], ...scope })}`}
              >
                {formatCount(m.failures)}
              </Link>
            </td>
            <td className="text-right">{pct(m.failureRate)}</td>
            <td className="text-right">{m.p50 === null ? "—" : formatDuration(m.p50)}</td>
            <td className="text-right">{m.p95 === null ? "—" : formatDuration(m.p95)}</td>
            <td className="text-right">{m.p99 === null ? "—" : formatDuration(m.p99)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
