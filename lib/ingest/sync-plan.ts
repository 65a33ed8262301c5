import type { AwsSyncContext } from "./aws-standard/aws-sync-context";
import { planStandardExecutions } from "./aws-standard/plan-standard-executions";
import { storeMapRun } from "@/lib/store/store-map-run";
import { describeMapRun, listExecutions, listMapRuns, listStateMachines, listTags } from "./aws-standard/sfn-calls";
import { getStateMachineInfo, syncStandardExecution } from "./aws-standard/sync-standard-execution";
import { syncExpressStateMachine } from "./aws-express/sync-express-state-machine";
import type { SyncCursor } from "./sync-cursor";
import { setSyncCursorEntry } from "@/lib/store/set-sync-cursor-entry";
import type { SyncSourceSettings } from "./sync-source-settings";

/** One Standard execution to bring up to date; `parentExecutionArn` for a Distributed Map child. */
export interface SyncWorkItem {
  readonly executionArn: string;
  readonly parentExecutionArn?: string;
}

/** What a sync has to fetch, and the listing marks to keep once it is stored. */
export interface SyncPlan {
  readonly work: SyncWorkItem[];
  readonly marks: { readonly stateMachineArn: string; readonly mark: unknown }[];
}

/**
 * The listing half of a sync: selects the state machines, collects Express ones from their
 * logs right away (cursor kept per state machine), and lists what each Standard one needs
 * fetched (see `planStandardExecutions`). The caller counts `work` into the progress.
 */
export async function planAwsSync(
  ctx: AwsSyncContext,
  settings: SyncSourceSettings,
  cursor: SyncCursor,
  now: Date,
): Promise<SyncPlan> {
  const horizon = new Date(now.getTime() - settings.firstSyncDays * 86_400_000);
  const work: SyncWorkItem[] = [];
  const marks: SyncPlan["marks"] = [];
  for (const machine of await selectStateMachines(ctx, settings)) {
    if (machine.type === "EXPRESS") {
      const info = await getStateMachineInfo(ctx, machine.stateMachineArn);
      const since = cursor.express[machine.stateMachineArn]?.lastTimestamp ?? horizon.getTime();
      const result = await syncExpressStateMachine(ctx, info, since);
      await setSyncCursorEntry(ctx.db, ctx.source.id, "express", machine.stateMachineArn, {
        logGroup: result.logGroup ?? "",
        lastTimestamp: result.lastTimestamp,
        partialReason: result.partialReason,
      });
      continue;
    }
    const plan = await planStandardExecutions(
      ctx,
      machine.stateMachineArn,
      cursor.standard[machine.stateMachineArn] ?? null,
      horizon,
    );
    work.push(...plan.executionArns.map((executionArn) => ({ executionArn })));
    if (plan.mark) marks.push({ stateMachineArn: machine.stateMachineArn, mark: plan.mark });
  }
  return { work, marks };
}

/** Syncs one execution; returns the Distributed Map children it started (to sync next, linked to it; the caller counts them). */
export async function syncWorkItem(ctx: AwsSyncContext, item: SyncWorkItem): Promise<SyncWorkItem[]> {
  const result = await syncStandardExecution(
    ctx,
    item.executionArn,
    item.parentExecutionArn ? { parentExecutionArn: item.parentExecutionArn } : {},
  );
  ctx.report({ executionsDone: 1 });
  const children: SyncWorkItem[] = [];
  if (result.outcome === "stored" && result.startedMapRun) {
    for (const mapRunArn of await listMapRuns(ctx, item.executionArn)) {
      await storeMapRun(ctx.db, await describeMapRun(ctx, mapRunArn));
      for await (const child of listExecutions(ctx, { mapRunArn }))
        children.push({ executionArn: child.executionArn, parentExecutionArn: item.executionArn });
    }
  }
  return children;
}

/** The state machine of an execution ARN (`…:execution:<machine>:<name>` → `…:stateMachine:<machine>`). */
export function stateMachineArnOf(executionArn: string): string {
  return executionArn.replace(/:execution:([^:]+):[^:]+$/, ":stateMachine:$1");
}

/** The account's state machines that the source's settings select (all, by name prefix, by tag). */
async function selectStateMachines(ctx: AwsSyncContext, settings: SyncSourceSettings) {
  const all = await listStateMachines(ctx);
  const filter = settings.stateMachines;
  switch (filter.mode) {
    case "all":
      return all;
    case "prefix":
      return all.filter((m) => m.name.startsWith(filter.prefix));
    case "tag": {
      const selected: typeof all = [];
      for (const m of all) {
        const tags = await listTags(ctx, m.stateMachineArn);
        if (tags.has(filter.tagKey) && (filter.tagValue === undefined || tags.get(filter.tagKey) === filter.tagValue))
          selected.push(m);
      }
      return selected;
    }
    default: {
      const unreachable: never = filter;
      throw new Error(`unknown filter ${JSON.stringify(unreachable)}`);
    }
  }
}
