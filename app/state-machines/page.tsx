import Link from "next/link";
import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { listStateMachines } from "@/lib/queries/list-state-machines";
import { readDb } from "@/lib/api/read-your-writes";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { stateMachinePagePath } from "@/lib/queries/state-machine-page-params";

export const metadata = { title: "State machines" };
export const dynamic = "force-dynamic";

export default async function StateMachinesPage() {
  await requirePageRole("viewer");
  const machines = await listStateMachines((await readDb()).prisma);
  return (
    <>
      <PageHeader title="State machines" />
      {machines.length > 0 ? (
        <p className="px-3 py-2 text-xs text-zinc-500" data-testid="state-machines-scope">
          Executions and Not succeeded: AWS, imported and demo executions; local runs excluded (counted apart under
          Local runs).
        </p>
      ) : null}
      {machines.length === 0 ? (
        <EmptyState title="No state machines yet">
          <p>State machines appear here when their executions are imported or collected.</p>
        </EmptyState>
      ) : (
        <table className="w-full text-left">
          <thead className="text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              {[
                "Name",
                "Type",
                "Account · region",
                "Source",
                "Definitions",
                "Executions",
                "Not succeeded",
                "Local runs",
              ].map((h) => (
                <th key={h} scope="col" className="border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {machines.map((m) => (
              <tr key={m.arn} className="border-b border-zinc-100 dark:border-zinc-800/60">
                <td className="px-3 py-1.5" title={m.arn}>
                  <Link className="text-blue-700 hover:underline dark:text-blue-400" href={stateMachinePagePath(m.arn)}>
                    {m.name}
                  </Link>
                </td>
                <td className="px-3 py-1.5">{m.type === "EXPRESS" ? "Express" : "Standard"}</td>
                <td className="whitespace-nowrap px-3 py-1.5 text-zinc-600 dark:text-zinc-400">
                  {m.accountId ?? "—"} · {m.region ?? "—"}
                </td>
                <td className="px-3 py-1.5">{m.sourceName}</td>
                <td className="px-3 py-1.5 tabular-nums">{m.definitions}</td>
                <td className="px-3 py-1.5 tabular-nums">{m.executions.toLocaleString("en")}</td>
                <td className="px-3 py-1.5 tabular-nums">
                  {m.failed ? (
                    <Link
                      className="text-red-700 hover:underline dark:text-red-400"
                      href={`/executions?stateMachine=${encodeURIComponent(m.arn)}&status=FAILED,TIMED_OUT,ABORTED&exclude=local`}
                    >
                      {m.failed.toLocaleString("en")}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td className="px-3 py-1.5 tabular-nums text-zinc-600 dark:text-zinc-400" data-testid="local-runs">
                  {m.localRuns.toLocaleString("en")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
