import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { StateMachineNav } from "@/components/state-machine/state-machine-nav";
import { StateMachineTabView } from "@/components/state-machine/state-machine-tab-view";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { hasRole } from "@/lib/auth/roles";
import { readDb } from "@/lib/api/read-your-writes";
import { getStateMachineByArn } from "@/lib/queries/get-state-machine-by-arn";
import { getStateMachineTab } from "@/lib/queries/get-state-machine-tab";
import { parseStateMachinePageParams } from "@/lib/queries/state-machine-page-params";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ arn: string }> }) {
  return {
    title:
      decodeURIComponent((await params).arn)
        .split(":")
        .pop() ?? "State machine",
  };
}

export default async function StateMachinePage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageRole("viewer");
  const arn = decodeURIComponent((await params).arn);
  const parsed = parseStateMachinePageParams(await searchParams);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return (
      <p className="p-6 text-red-700 dark:text-red-400" role="alert">
        The link's {issue?.path.join(".") || "parameters"} {issue ? `is wrong: ${issue.message}` : "are wrong"}.
      </p>
    );
  }
  const db = await readDb();
  const machine = await getStateMachineByArn(db, arn);
  if (!machine) notFound();
  const p = parsed.data;
  const data = await getStateMachineTab(db, machine, p);
  const where = [
    machine.type === "EXPRESS" ? "Express" : "Standard",
    machine.sourceName,
    machine.accountId,
    machine.region,
  ];
  return (
    <>
      <PageHeader title={machine.name}>
        <span className="text-xs text-zinc-500">{where.filter(Boolean).join(" · ")}</span>
      </PageHeader>
      <p className="px-6 pt-2 font-mono text-xs text-zinc-500 [overflow-wrap:anywhere]" data-testid="state-machine-arn">
        {machine.arn}
      </p>
      <StateMachineNav arn={machine.arn} params={p} />
      <div className="p-6">
        <StateMachineTabView machine={machine} params={p} data={data} canRun={hasRole(actor.role, "operator")} />
      </div>
    </>
  );
}
