import Link from "next/link";
import {
  stateMachinePagePath,
  stateMachineTabs,
  toStateMachinePageSearch,
  type StateMachinePageParams,
} from "@/lib/queries/state-machine-page-params";

const tabLabels: Record<StateMachinePageParams["tab"], string> = {
  definition: "Definition",
  versions: "Versions",
  executions: "Executions",
  states: "States",
  failures: "Failures",
  trend: "Trend",
  test: "Test a change",
};
const ranges = ["1h", "24h", "7d", "30d", "90d", "all"] as const;

/** The page's tabs and its range and local-runs choices, all plain links (they work before hydration). */
export function StateMachineNav({ arn, params }: { arn: string; params: StateMachinePageParams }) {
  const href = (patch: Partial<StateMachinePageParams>) =>
    stateMachinePagePath(arn) + toStateMachinePageSearch({ ...params, ...patch });
  const chip = (active: boolean) =>
    `rounded px-2 py-0.5 ${active ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-6 dark:border-zinc-800">
      <nav aria-label="State machine" className="flex flex-wrap gap-1">
        {stateMachineTabs.map((t) => (
          <Link
            key={t}
            href={href({ tab: t })}
            aria-current={params.tab === t ? "page" : undefined}
            className={`border-b-2 px-3 py-2 text-sm ${params.tab === t ? "border-blue-600 font-medium" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"}`}
          >
            {tabLabels[t]}
          </Link>
        ))}
      </nav>
      <div className="flex flex-wrap items-center gap-1 py-1 text-xs" aria-label="Range">
        {ranges.map((r) => (
          <Link
            key={r}
            href={href({ range: r })}
            aria-current={params.range === r ? "true" : undefined}
            className={chip(params.range === r)}
          >
            {r === "all" ? "All" : r}
          </Link>
        ))}
        <Link
          href={href({ local: params.local ? undefined : "include" })}
          className={`ml-2 ${chip(params.local === "include")}`}
          data-testid="local-runs-toggle"
        >
          {params.local ? "Local runs included" : "Local runs excluded"}
        </Link>
      </div>
    </div>
  );
}
