import { FailureGroupsTable } from "@/components/analytics/failure-groups-table";
import { StackedStatusChart } from "@/components/charts/stacked-status-chart";
import { EmptyState } from "@/components/empty/empty-state";
import { toSearchParams } from "@/lib/queries/execution-list-params";
import type { StateMachineSummary } from "@/lib/queries/get-state-machine-by-arn";
import type { StateMachineTabData } from "@/lib/queries/get-state-machine-tab";
import type { StateMachinePageParams } from "@/lib/queries/state-machine-page-params";
import { toStatusChartPoints } from "@/lib/queries/to-chart-points";
import { DefinitionGraph } from "./definition-graph";
import { StateFiguresTable } from "./state-figures-table";
import { StateMachineExecutions } from "./state-machine-executions";
import { TestChangePanel } from "./test-change-panel";
import { VersionsPanel } from "./versions-panel";

/** The body of the chosen tab of a state machine's page. */
export function StateMachineTabView({
  machine,
  params,
  data,
  canRun,
}: {
  machine: StateMachineSummary;
  params: StateMachinePageParams;
  data: StateMachineTabData;
  /** The visitor may start local runs (operators and admins): "Test a change" runs. */
  canRun: boolean;
}) {
  const listHref = (extra: Record<string, string>) =>
    `/executions?${toSearchParams({ stateMachine: machine.arn, range: params.range, ...extra })}`;
  switch (data.tab) {
    case "definition":
      return data.definition ? (
        <DefinitionGraph definition={data.definition.definition} layout={data.definition.layout} name={machine.name} />
      ) : (
        <EmptyState title="No definition stored">
          <p>A definition is stored with an execution that carries one (AWS sync, a bundle import, a local run).</p>
        </EmptyState>
      );
    case "versions":
      return <VersionsPanel machine={machine} params={params} from={data.from} to={data.to} />;
    case "executions":
      return <StateMachineExecutions page={data.page} listHref={listHref({})} />;
    case "states":
      return <StateFiguresTable figures={data.figures} />;
    case "failures":
      return data.activity.groups.length === 0 ? (
        <p className="text-sm text-zinc-500">No failures in this range.</p>
      ) : (
        <FailureGroupsTable
          failures={data.activity}
          groupHref={(signature) => `/executions?${toSearchParams({ signature, range: params.range })}`}
        />
      );
    case "trend":
      return (
        <div className="space-y-2">
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="trend-totals">
            {data.activity.totals.executions.toLocaleString("en")} executions started, of which{" "}
            {data.activity.totals.notSucceeded.toLocaleString("en")} failed, timed out or were aborted (per{" "}
            {data.activity.bucket}, UTC).
          </p>
          <StackedStatusChart points={toStatusChartPoints(data.activity)} />
        </div>
      );
    case "test":
      return (
        <TestChangePanel
          stateMachineArn={machine.arn}
          definition={data.definition}
          groups={data.groups}
          canRun={canRun}
        />
      );
    default: {
      const never: never = data;
      return never;
    }
  }
}
