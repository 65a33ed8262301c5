import type { AwsSyncContext } from "./aws-sync-context";
import { listExecutions } from "./sfn-calls";
import { getOpenExecutionArns, getStoredExecutionStates } from "./stored-history";

/** How far a state machine's executions were listed: the newest start date seen, and the names started at that instant. */
export interface StandardListingMark {
  readonly newestStartDate: string;
  readonly newestNames: readonly string[];
}

/** What one state machine needs fetched, and the mark to keep once it all is stored. */
export interface StandardPlan {
  readonly executionArns: string[];
  readonly mark: StandardListingMark | null;
}

/**
 * Decides which executions of a Standard state machine to fetch:
 * - new ones: `ListExecutions` newest first, stopping at the stored `mark` (what an
 *   earlier complete sync saw) or at `horizon` (how far back a first sync reaches);
 *   executions listed but already stored whole (a sync killed after storing them) are skipped;
 * - open ones: stored executions whose history is not complete (running) are polled;
 * - redriven ones: `ListExecutions` with `redriveFilter: REDRIVEN`, those whose
 *   `redriveCount` is above the stored one.
 */
export async function planStandardExecutions(
  ctx: AwsSyncContext,
  stateMachineArn: string,
  mark: StandardListingMark | null,
  horizon: Date,
): Promise<StandardPlan> {
  const listed: { arn: string; redriveCount: number }[] = [];
  const newest = { start: "", names: [] as string[] };
  for await (const item of listExecutions(ctx, { stateMachineArn })) {
    const start = item.startDate.toISOString();
    if (item.startDate < horizon) break;
    if (
      mark &&
      (start < mark.newestStartDate || (start === mark.newestStartDate && mark.newestNames.includes(item.name)))
    )
      break;
    if (newest.start === "") newest.start = start;
    if (start === newest.start) newest.names.push(item.name);
    listed.push({ arn: item.executionArn, redriveCount: item.redriveCount ?? 0 });
  }
  for await (const item of listExecutions(ctx, { stateMachineArn, redriven: true })) {
    if (item.startDate < horizon) break;
    listed.push({ arn: item.executionArn, redriveCount: item.redriveCount ?? 0 });
  }
  const stored = await getStoredExecutionStates(
    ctx.db.pool,
    listed.map((l) => l.arn),
  );
  const wanted = new Set<string>();
  for (const { arn, redriveCount } of listed) {
    const s = stored.get(arn);
    if (!s || !s.historyComplete || redriveCount > s.redriveCount) wanted.add(arn);
  }
  for (const arn of await getOpenExecutionArns(ctx.db.pool, ctx.source.id, stateMachineArn)) wanted.add(arn);
  return {
    executionArns: [...wanted],
    mark: newest.start === "" ? mark : { newestStartDate: newest.start, newestNames: newest.names },
  };
}
