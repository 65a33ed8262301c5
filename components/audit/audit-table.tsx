import Link from "next/link";
import { Timestamp } from "@/components/time/timestamp";
import type { AuditLogRow } from "@/lib/queries/list-audit-log";
import { BreakableId } from "@/components/layout/breakable-id";
import { DataTable } from "@/components/layout/data-table";

export type AuditRowView = AuditLogRow;

const outcomeStyle: Record<string, string> = {
  OK: "text-emerald-700 dark:text-emerald-400",
  REFUSED: "text-amber-700 dark:text-amber-400",
  DENIED: "text-amber-700 dark:text-amber-400",
  FAILED: "text-red-700 dark:text-red-400",
};

function executionLink(arn: string) {
  return (
    <Link href={`/executions/${encodeURIComponent(arn)}`} className="font-mono text-xs underline">
      <BreakableId text={arn} />
    </Link>
  );
}

const auditColumns = ["When", "Who", "Action", "Target", "Outcome", "Details"].map((label) => ({ key: label, label }));

const input = "rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950";

/** The audit log: filters in the URL (a GET form), newest first, one row per action. */
export function AuditTable({
  rows,
  nextBefore,
  filters,
}: {
  rows: readonly AuditRowView[];
  nextBefore: string | null;
  filters: { action: string; actor: string; target: string; outcome: string };
}) {
  const older = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  if (nextBefore) older.set("before", nextBefore);
  return (
    <div className="space-y-3">
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter the audit log">
        <label className="flex flex-col">
          <span className="text-xs text-zinc-500">Action (ends in “.” for a prefix)</span>
          <input name="action" defaultValue={filters.action} className={input} />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-zinc-500">Who</span>
          <input name="actor" defaultValue={filters.actor} className={input} />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-zinc-500">Target or resulting execution</span>
          <input name="target" defaultValue={filters.target} className={input} />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-zinc-500">Outcome</span>
          <select name="outcome" defaultValue={filters.outcome} className={input}>
            <option value="">any</option>
            {["OK", "REFUSED", "DENIED", "FAILED"].map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded border border-zinc-300 px-3 py-1 dark:border-zinc-700">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-zinc-500">
          No audit rows match. Every action that changes something (import, run, redrive, replay, stop, users, sources)
          writes one.
        </p>
      ) : (
        <DataTable columns={auditColumns} size="base">
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-zinc-100 align-top dark:border-zinc-900" data-testid="audit-row">
              <td className="whitespace-nowrap py-1 pr-3">
                <Timestamp iso={r.at} />
              </td>
              <td className="whitespace-nowrap pr-3">{r.actor}</td>
              <td className="pr-3 font-mono text-xs">{r.action}</td>
              <td className="max-w-md pr-3">
                {r.targetType === "execution" && r.targetId ? (
                  executionLink(r.targetId)
                ) : r.targetName ? (
                  <span title={r.targetId ?? undefined} data-testid="audit-target-name">
                    {r.targetName}
                  </span>
                ) : (
                  <BreakableId className="font-mono text-xs" text={r.targetId ?? "—"} />
                )}
                {r.resultExecutionArn && r.resultExecutionArn !== r.targetId ? (
                  <div>→ {executionLink(r.resultExecutionArn)}</div>
                ) : null}
              </td>
              <td className={`pr-3 font-medium ${outcomeStyle[r.outcome] ?? ""}`}>{r.outcome}</td>
              <td className="max-w-md">
                {r.details === null || r.details === undefined ? (
                  "—"
                ) : (
                  <details>
                    <summary className="cursor-pointer text-zinc-500">parameters</summary>
                    <pre className="whitespace-pre-wrap break-all text-xs">{JSON.stringify(r.details, null, 2)}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextBefore ? (
        <Link href={`/audit?${older.toString()}`} className="underline">
          Older →
        </Link>
      ) : null}
    </div>
  );
}
