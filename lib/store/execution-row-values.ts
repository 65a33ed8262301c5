import type { DerivedHistory, ExecutionStatus, HistoryEvent, ParsedExecution } from "@/lib/history/types";

/* The `executions` row of a parsed execution: its columns, in order, and their values. */

const TERMINAL: ReadonlySet<ExecutionStatus> = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]);

export const EXECUTION_COLUMNS = [
  "execution_arn",
  "name",
  "state_machine_id",
  "definition_id",
  "source_id",
  "type",
  "status",
  "start_date",
  "stop_date",
  "duration_ms",
  "input",
  "input_truncated",
  "output",
  "output_truncated",
  "error",
  "cause",
  "root_cause_state",
  "root_cause_run_key",
  "root_cause_error",
  "root_cause_cause",
  "root_cause_event_id",
  "redrive_count",
  "redrive_status",
  "redrive_status_reason",
  "redrive_date",
  "role_arn",
  "state_machine_version_arn",
  "state_machine_alias_arn",
  "trace_header",
  "account_id",
  "region",
  "map_run_arn",
  "event_count",
  "billable_transitions",
  "retries",
  "map_run_child_executions",
  "history_complete",
  "last_event_id",
  "partial_reason",
] as const;

/** `truncated` of the payload details (`inputDetails`/`outputDetails`) of the first event of `type`. */
function payloadTruncated(events: readonly HistoryEvent[], type: string, detailsKey: string, member: string): boolean {
  const event = events.find((e) => e.type === type);
  const details = event?.[detailsKey as `${string}EventDetails`] as Record<string, unknown> | undefined;
  const payload = details?.[member] as { truncated?: unknown } | undefined;
  return payload?.truncated === true;
}

export function executionValues(
  parsed: ParsedExecution,
  derived: DerivedHistory,
  ids: { sourceId: number; stateMachineId: number; definitionId: number | null; lastEventId: number },
  partialReason: string | null,
): unknown[] {
  const { identity, events } = parsed;
  const { summary, cost } = derived;
  const described = identity.described;
  // A partial history (first pages of a long one) still looks RUNNING; DescribeExecution knows better.
  const status =
    summary.status === "RUNNING" && described?.status && described.status !== "RUNNING"
      ? described.status
      : summary.status;
  const byColumn: Record<(typeof EXECUTION_COLUMNS)[number], unknown> = {
    execution_arn: identity.executionArn,
    name: identity.name,
    state_machine_id: ids.stateMachineId,
    definition_id: ids.definitionId,
    source_id: ids.sourceId,
    type: identity.type,
    status,
    start_date: summary.startDate,
    stop_date: summary.stopDate ?? described?.stopDate ?? null,
    duration_ms: summary.durationMs,
    input: summary.input ?? described?.input ?? null,
    input_truncated: payloadTruncated(events, "ExecutionStarted", "executionStartedEventDetails", "inputDetails"),
    output: summary.output ?? described?.output ?? null,
    output_truncated: payloadTruncated(events, "ExecutionSucceeded", "executionSucceededEventDetails", "outputDetails"),
    error: summary.error ?? described?.error ?? null,
    cause: summary.cause ?? described?.cause ?? null,
    root_cause_state: summary.rootCause?.stateName ?? null,
    root_cause_run_key: summary.rootCause?.runKey ?? null,
    root_cause_error: summary.rootCause?.error ?? null,
    root_cause_cause: summary.rootCause?.cause ?? null,
    root_cause_event_id: summary.rootCause?.eventId ?? null,
    redrive_count: Math.max(summary.redriveCount, described?.redriveCount ?? 0),
    redrive_status: described?.redriveStatus ?? null,
    redrive_status_reason: described?.redriveStatusReason ?? null,
    redrive_date: described?.redriveDate ?? null,
    role_arn: summary.roleArn,
    state_machine_version_arn: summary.stateMachineVersionArn ?? described?.stateMachineVersionArn ?? null,
    state_machine_alias_arn: summary.stateMachineAliasArn ?? described?.stateMachineAliasArn ?? null,
    trace_header: described?.traceHeader ?? null,
    account_id: identity.accountId,
    region: identity.region,
    map_run_arn: described?.mapRunArn ?? null,
    event_count: events.length,
    billable_transitions: cost.billableTransitions,
    retries: cost.retries,
    map_run_child_executions: cost.mapRunChildExecutions,
    history_complete: TERMINAL.has(summary.status),
    last_event_id: ids.lastEventId,
    partial_reason: partialReason,
  };
  return EXECUTION_COLUMNS.map((column) => byColumn[column]);
}
