import type { Database } from "../../lib/db/database";
import { parseAnalyticsParams } from "../../lib/queries/analytics-params";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { getCosts } from "../../lib/queries/get-costs";
import { getExecutionDefinition } from "../../lib/queries/get-execution-definition";
import { getExecutionDetail } from "../../lib/queries/get-execution-detail";
import { getExecutionOverlay } from "../../lib/queries/get-execution-overlay";
import { getExecutionViewJson } from "../../lib/queries/get-execution-view";
import { getFailures } from "../../lib/queries/get-failures";
import { getHistoryEvents } from "../../lib/queries/get-history-events";
import { getOverview } from "../../lib/queries/get-overview";
import { getStateFigures } from "../../lib/queries/get-state-figures";
import { listComparableExecutions } from "../../lib/queries/list-comparable-executions";
import { listEventRows } from "../../lib/queries/list-event-rows";
import { listExecutions } from "../../lib/queries/list-executions";
import { listFilterOptions } from "../../lib/queries/list-filter-options";
import { listMapRuns } from "../../lib/queries/list-map-runs";
import { listStateMachines } from "../../lib/queries/list-state-machines";
import { listStateRunRows } from "../../lib/queries/list-state-run-rows";

/**
 * Every read model the pages and their API routes call, under the filters a person uses:
 * Overview, Failures, Costs, the executions list (filters, sorts, paging, the query
 * language), state machines and their per-state figures, and one execution's tabs.
 */
export async function runPageReads(db: Database, executionArns: readonly string[], now: Date): Promise<number> {
  let calls = 0;
  const call = async (read: Promise<unknown>) => {
    await read;
    calls += 1;
  };
  for (const range of ["24h", "7d", "30d", "90d", "all"]) {
    const p = parseAnalyticsParams({ range });
    await call(getOverview(db, p, now));
    await call(getFailures(db, p, now));
    await call(getCosts(db, p, now));
  }
  const lists: Record<string, string>[] = [
    {},
    { status: "FAILED", range: "7d" },
    { stateMachine: "Footprint1", range: "all" },
    { q: "TaskFailed", range: "all" },
    { q: 'status = "FAILED" AND state = "Step2"', range: "all" },
    { q: "input.order.id EXISTS", range: "all" },
    { source: "footprint", status: "SUCCEEDED,FAILED" },
    { sort: "duration", range: "all" },
    { sort: "stopDate", range: "all" },
    { sort: "name", range: "all" },
    { page: "3", range: "all" },
  ];
  for (const f of lists) await call(listExecutions(db.prisma, parseExecutionListParams(f), now));
  await call(listFilterOptions(db.prisma));
  const machines = await listStateMachines(db.prisma);
  calls += 1;
  const { rows } = await db.pool.query<{ id: number; type: "STANDARD" | "EXPRESS"; region: string | null }>(
    "SELECT id, type, region FROM state_machines ORDER BY id LIMIT 3",
  );
  for (const machine of rows)
    for (const range of ["7d", "all"] as const)
      await call(getStateFigures(db, machine, { range, includeLocal: false }, now));
  for (const arn of executionArns.slice(0, Math.max(1, machines.length * 3))) {
    await call(getExecutionDetail(db.prisma, arn));
    await call(getExecutionViewJson(db.prisma, arn));
    await call(getExecutionOverlay(db.prisma, arn, new Map()));
    await call(getExecutionDefinition(db.prisma, arn));
    await call(listEventRows(db.prisma, arn));
    await call(listStateRunRows(db.prisma, arn));
    await call(getHistoryEvents(db.prisma, arn));
    await call(listComparableExecutions(db.prisma, arn));
    await call(listMapRuns(db.pool, arn));
  }
  return calls;
}
