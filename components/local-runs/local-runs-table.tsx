import Link from "next/link";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { executionHref } from "@/lib/format/execution-href";
import type { LocalRunRow } from "@/lib/queries/list-local-runs";

/** Recent executions of the source `local`, newest first. */
export function LocalRunsTable({ runs }: { runs: readonly LocalRunRow[] }) {
  return (
    <table className="w-full text-sm" data-testid="local-runs-table">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className="py-1 pr-4 font-medium">Execution</th>
          <th className="py-1 pr-4 font-medium">State machine</th>
          <th className="py-1 pr-4 font-medium">Status</th>
          <th className="py-1 pr-4 font-medium">Started</th>
          <th className="py-1 pr-4 font-medium">Error</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.executionArn} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="py-1 pr-4">
              <Link
                className="font-mono text-blue-700 hover:underline dark:text-blue-400"
                href={executionHref(r.executionArn)}
              >
                {r.name}
              </Link>
            </td>
            <td className="py-1 pr-4">{r.stateMachineName}</td>
            <td className="py-1 pr-4">
              <StatusBadge status={r.status} />
            </td>
            <td className="py-1 pr-4">
              <Timestamp iso={r.startDate} />
            </td>
            <td className="py-1 pr-4 font-mono text-xs">{r.error ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
