import { classifyAwsError } from "@/lib/aws/aws-error";
import { linkParentExecution } from "@/lib/store/link-parent-execution";
import { deriveHistory } from "@/lib/history/derive-history";
import { identityFromArn } from "@/lib/history/identity-from-arn";
import { parseHistoryEvents } from "@/lib/history/parse-history-events";
import type { DescribedExecution, HistoryEvent, ParsedExecution, StateMachineInfo } from "@/lib/history/types";
import type { AwsSyncContext } from "./aws-sync-context";
import { fetchNewEvents } from "./fetch-new-events";
import { describeExecution, describeStateMachine } from "./sfn-calls";
import type { DescribedExecutionOutput, RawSdkEvent } from "./sfn-page-schemas";
import { getStoredEvents, getStoredExecutionStates, withExecutionLock } from "./stored-history";

/** What one execution's sync did. */
export type ExecutionSyncResult =
  /** `startedMapRun`: the history (stored or new) holds a `MapRunStarted`, so its Map Runs and their children are listed again. */
  | {
      readonly outcome: "stored";
      readonly eventsWritten: number;
      readonly complete: boolean;
      readonly startedMapRun: boolean;
    }
  | { readonly outcome: "unchanged" }
  /** Another process holds the execution: it fetches those pages, not this one. */
  | { readonly outcome: "busy" };

/**
 * Brings one Standard execution up to date: `DescribeExecution` (status, error/cause,
 * redrive count/status/date), then the events after the last stored one (all pages), then
 * one idempotent store. A closed execution whose whole history is stored, and that was not
 * redriven since, costs one `DescribeExecution` and nothing else. `parentExecutionArn`
 * links a Distributed Map child to its parent.
 */
export async function syncStandardExecution(
  ctx: AwsSyncContext,
  executionArn: string,
  options: { readonly parentExecutionArn?: string } = {},
): Promise<ExecutionSyncResult> {
  const result = await withExecutionLock(ctx.lockClient, executionArn, async (): Promise<ExecutionSyncResult> => {
    const stored = (await getStoredExecutionStates(ctx.db.pool, [executionArn])).get(executionArn);
    const described = await describeExecution(ctx, executionArn);
    if (
      stored?.historyComplete &&
      (described.redriveCount ?? 0) <= stored.redriveCount &&
      described.status !== "RUNNING"
    ) {
      await linkParent(ctx, executionArn, options.parentExecutionArn);
      return { outcome: "unchanged" };
    }
    // A Distributed Map child's state machine (`…:stateMachine:<parent>/<map>`) may not describe: store the history without it.
    const machine = await getStateMachineInfo(ctx, described.stateMachineArn).catch((error: unknown) => {
      if (classifyAwsError(error) === "not-found") return null;
      throw error;
    });
    const storedEvents = stored && stored.lastEventId > 0 ? await getStoredEvents(ctx.db.pool, executionArn) : [];
    let known: readonly (HistoryEvent | RawSdkEvent)[] = storedEvents;
    let written = 0;
    // A checkpoint leaves `DescribeExecution` out: with it the store would take the closed status for a history read only in part.
    const store = async (
      events: readonly (HistoryEvent | RawSdkEvent)[],
      whole: boolean,
    ): Promise<{ last: number; complete: boolean }> => {
      const parsed = toParsedExecution(executionArn, whole ? described : null, machine, events);
      const derived = deriveHistory(parsed.events, parsed.identity);
      const stored = await ctx.store(parsed, derived);
      written += stored.eventsWritten;
      ctx.report({ eventsFetched: stored.eventsWritten });
      const complete = derived.summary.status !== "RUNNING";
      return { last: parsed.events[parsed.events.length - 1]?.id ?? 0, complete };
    };
    const fresh = await fetchNewEvents(ctx, executionArn, stored?.lastEventId ?? 0, async (page) => {
      known = [...known, ...page];
      return (await store(known, false)).last;
    });
    if (fresh.length === 0 && known.length === storedEvents.length && stored) {
      await linkParent(ctx, executionArn, options.parentExecutionArn);
      return { outcome: "unchanged" };
    }
    const { complete } = await store([...known, ...fresh], true);
    await linkParent(ctx, executionArn, options.parentExecutionArn);
    // Any Map Run of the history, also one stored by an earlier poll: a running one may have started children since.
    const startedMapRun =
      fresh.some((e) => e.type === "MapRunStarted") || known.some((e) => e.type === "MapRunStarted");
    return { outcome: "stored", eventsWritten: written, complete, startedMapRun };
  });
  return result ?? { outcome: "busy" };
}

/** `DescribeStateMachine` once per state machine and sync. */
export function getStateMachineInfo(ctx: AwsSyncContext, stateMachineArn: string): Promise<StateMachineInfo> {
  let info = ctx.stateMachines.get(stateMachineArn);
  if (!info) {
    info = describeStateMachine(ctx, stateMachineArn);
    ctx.stateMachines.set(stateMachineArn, info);
    info.catch(() => ctx.stateMachines.delete(stateMachineArn));
  }
  return info;
}

function toParsedExecution(
  executionArn: string,
  described: DescribedExecutionOutput | null,
  machine: StateMachineInfo | null,
  events: readonly (HistoryEvent | RawSdkEvent)[],
): ParsedExecution {
  const where = { file: executionArn, path: "/events" };
  const identity = identityFromArn(executionArn, where, described ? toDescribed(described) : null, "STANDARD");
  return { identity, stateMachine: machine, events: parseHistoryEvents(events, where) };
}

function toDescribed(d: DescribedExecutionOutput): DescribedExecution {
  const iso = (date: Date | undefined): string | undefined => date?.toISOString();
  const entries: [string, unknown][] = [
    ["status", d.status],
    ["startDate", iso(d.startDate)],
    ["stopDate", iso(d.stopDate)],
    ["input", d.input],
    ["output", d.output],
    ["error", d.error],
    ["cause", d.cause],
    ["redriveCount", d.redriveCount],
    ["redriveDate", iso(d.redriveDate)],
    ["redriveStatus", d.redriveStatus],
    ["redriveStatusReason", d.redriveStatusReason],
    ["mapRunArn", d.mapRunArn],
    ["stateMachineVersionArn", d.stateMachineVersionArn],
    ["stateMachineAliasArn", d.stateMachineAliasArn],
    ["traceHeader", d.traceHeader],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as DescribedExecution;
}

async function linkParent(
  ctx: AwsSyncContext,
  executionArn: string,
  parentExecutionArn: string | undefined,
): Promise<void> {
  if (parentExecutionArn) await linkParentExecution(ctx.db, executionArn, parentExecutionArn);
}
