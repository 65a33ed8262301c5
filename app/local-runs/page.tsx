import { PageHeader } from "@/components/layout/page-header";
import { LocalRunsTable } from "@/components/local-runs/local-runs-table";
import { readDb } from "@/lib/api/read-your-writes";
import { listLocalRuns } from "@/lib/queries/list-local-runs";
import { LocalRunsPageClient } from "./page-client";
import { requirePageRole } from "@/lib/auth/require-page-role";

export const metadata = { title: "Local runs" };
export const dynamic = "force-dynamic";

export default async function LocalRunsPage() {
  await requirePageRole("viewer");
  const runs = await listLocalRuns((await readDb()).prisma);
  return (
    <>
      <PageHeader title="Local runs" />
      <div className="space-y-6 p-6">
        <LocalRunsPageClient />
        <section>
          <h2 className="mb-2 text-sm font-semibold">Recent local runs</h2>
          {runs.length ? (
            <LocalRunsTable runs={runs} />
          ) : (
            <p className="text-sm text-zinc-500">No local run yet: write a definition above and run it.</p>
          )}
        </section>
      </div>
    </>
  );
}
