import Link from "next/link";
import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { StatusBadge } from "@/components/status/status-badge";
import { getStatusCounts } from "@/lib/queries/get-status-counts";
import { getDb } from "@/lib/db/client";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const counts = await getStatusCounts((await getDb()).prisma);
  const total = counts.reduce((n, c) => n + c.count, 0);
  return (
    <>
      <PageHeader title="Overview" />
      {total === 0 ? (
        <EmptyState title="No executions stored yet">
          <p>
            Import a history on the <Link className="text-blue-700 underline dark:text-blue-400" href="/executions">Executions</Link> page or with{" "}
            <code className="font-mono">npx stepscope import &lt;file&gt;</code>.
          </p>
        </EmptyState>
      ) : (
        <div className="p-6">
          <h2 className="mb-2 font-medium">Stored executions by status</h2>
          <ul className="flex flex-wrap gap-3" data-testid="status-counts">
            {counts.map((c) => (
              <li key={c.status}>
                <Link href={`/executions?status=${c.status}`} className="flex items-center gap-2 rounded border border-zinc-200 px-3 py-2 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900">
                  <StatusBadge status={c.status} />
                  <span className="text-lg tabular-nums">{c.count.toLocaleString("en")}</span>
                </Link>
              </li>
            ))}
          </ul>
          <p className="mt-6 max-w-2xl text-zinc-600 dark:text-zinc-400">
            Trends over time, failure rates and duration percentiles per state machine are not computed yet; the counts
            above are exact totals of what is stored.
          </p>
        </div>
      )}
    </>
  );
}
