import { deriveHistory } from "@/lib/history/derive-history";
import type { ScopeSegment, StateRun } from "@/lib/history/types";
import type { TracedExecution } from "@/lib/queries/list-traced-executions";
import { executionAttemptSpans } from "./execution-attempt-spans";
import { executionTraceContext, executionTraceId, spanIdOf, traceIdOf } from "./trace-ids";

/** An attribute value as OpenTelemetry takes it. */
export type SpanAttributeValue = string | number | boolean;

/** A point in a span's life (a retry, the root cause's exception). */
export interface TraceSpanEvent {
  readonly name: string;
  readonly time: string;
  readonly attributes: Readonly<Record<string, SpanAttributeValue>>;
}

/** One span of an execution's trace, with its own ids and the history's times (ISO). */
export interface TraceSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Null for the root span of a trace started here; a remote parent's id when the input carried one. */
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly status: { readonly code: "UNSET" | "OK" | "ERROR"; readonly message?: string };
  readonly attributes: Readonly<Record<string, SpanAttributeValue>>;
  readonly events: readonly TraceSpanEvent[];
  readonly links: readonly { readonly traceId: string; readonly spanId: string; readonly relation: string }[];
}

/** Settings of {@link executionSpans}. */
export interface ExecutionSpanOptions {
  /** Payloads (input, output, error cause) as attributes; by default only their sizes. */
  readonly includePayloads?: boolean;
  /** Dotted path in the input to a W3C `traceparent` (default `traceparent`, top level). */
  readonly traceparentPath?: string;
}

const ERROR_STATUSES = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);

const scopeLabel = (segment: ScopeSegment): string =>
  segment.kind === "parallel-branch" ? `Branch ${segment.index + 1}` : `Iteration ${segment.index}`;

/**
 * The trace of one stored execution: a root span for the execution; a span per state run
 * (Parallel branches and Map iterations as spans of their own under their state, with their
 * index); a child span per Task attempt, the retry's error and backoff as a span event; the
 * root cause marked with ERROR status and an `exception` event as the execution page marks it.
 * Attributes follow OpenTelemetry's conventions where they exist (`cloud.*`, `error.type`,
 * `exception.*`) and `stepfunctions.*` otherwise. Ids are derived from the ARN, or the trace
 * joins the W3C `traceparent` the input carried.
 */
export function executionSpans(execution: TracedExecution, options: ExecutionSpanOptions = {}): TraceSpan[] {
  const derived = deriveHistory(execution.events);
  const context = executionTraceContext(execution, options.traceparentPath);
  const traceId = executionTraceId(execution, options.traceparentPath);
  const arn = execution.executionArn;
  const lastEventAt = execution.events.at(-1)?.timestamp ?? execution.startDate;
  const executionEnd = execution.stopDate ?? lastEventAt;
  const rootId = spanIdOf(arn, "execution");
  const rootCauseKey = derived.summary.rootCause?.runKey ?? null;
  const payload = (name: string, value: string | null): Record<string, SpanAttributeValue> =>
    value === null
      ? {}
      : options.includePayloads
        ? { [`stepfunctions.${name}`]: value }
        : { [`stepfunctions.${name}.size`]: Buffer.byteLength(value) };

  const links: TraceSpan["links"][number][] = [];
  if (execution.parentExecutionArn !== null) {
    links.push({
      traceId: traceIdOf(execution.parentExecutionArn),
      spanId: spanIdOf(execution.parentExecutionArn, "execution"),
      relation: "map_run_parent",
    });
  }
  if (execution.replayOfExecutionArn !== null) {
    links.push({
      traceId: traceIdOf(execution.replayOfExecutionArn),
      spanId: spanIdOf(execution.replayOfExecutionArn, "execution"),
      relation: "replay_of",
    });
  }
  const redriven = execution.events
    .filter((e) => e.type === "ExecutionRedriven")
    .map((e, i) => ({ name: "redriven", time: e.timestamp, attributes: { "stepfunctions.redrive.index": i + 1 } }));
  const failed = ERROR_STATUSES.has(execution.status);
  const spans: TraceSpan[] = [
    {
      traceId,
      spanId: rootId,
      parentSpanId: context?.spanId ?? null,
      name: execution.stateMachineName,
      start: execution.startDate,
      end: executionEnd,
      status: failed
        ? { code: "ERROR", message: [execution.error, execution.cause].filter(Boolean).join(": ") || execution.status }
        : { code: execution.status === "SUCCEEDED" ? "OK" : "UNSET" },
      attributes: {
        "cloud.provider": "aws",
        "cloud.platform": "aws_step_functions",
        ...(execution.region ? { "cloud.region": execution.region } : {}),
        ...(execution.accountId ? { "cloud.account.id": execution.accountId } : {}),
        "cloud.resource_id": arn,
        "stepfunctions.execution.arn": arn,
        "stepfunctions.execution.name": execution.name,
        "stepfunctions.execution.status": execution.status,
        "stepfunctions.execution.type": execution.type,
        "stepfunctions.execution.redrive_count": execution.redriveCount,
        "stepfunctions.state_machine.arn": execution.stateMachineArn,
        "stepfunctions.state_machine.name": execution.stateMachineName,
        "stepfunctions.source": execution.sourceName,
        ...(execution.mapRunArn ? { "stepfunctions.map_run.arn": execution.mapRunArn } : {}),
        ...(failed && execution.error ? { "error.type": execution.error } : {}),
        ...payload("execution.input", execution.input),
        ...payload("execution.output", execution.output),
      },
      events: redriven,
      links,
    },
  ];

  const executionAttempts = executionAttemptSpans(arn, execution.events, { traceId, rootId, executionEnd });
  spans.push(...executionAttempts.spans);
  const runs = derived.stateRuns;
  const runSpanId = (run: StateRun): string => spanIdOf(arn, `run:${run.key}`);
  const byKey = new Map(runs.map((run) => [run.key, run]));
  // A branch or iteration span groups the runs inside one Parallel branch or Map iteration.
  const groups = new Map<string, { parent: StateRun; segment: ScopeSegment; start: string; end: string }>();
  const groupKeyOf = (run: StateRun): string | null => {
    const segment = run.scope.at(-1);
    return run.parentKey === null || segment === undefined ? null : `${run.parentKey}/${segment.kind}/${segment.index}`;
  };
  for (const run of runs) {
    const key = groupKeyOf(run);
    const parent = run.parentKey === null ? undefined : byKey.get(run.parentKey);
    const segment = run.scope.at(-1);
    if (key === null || parent === undefined || segment === undefined) continue;
    const end = run.exitedAt ?? executionAttempts.endOf(run.enteredEventId);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { parent, segment, start: run.enteredAt, end });
    else {
      if (run.enteredAt < group.start) group.start = run.enteredAt;
      if (end > group.end) group.end = end;
    }
  }
  for (const [key, group] of groups) {
    spans.push({
      traceId,
      spanId: spanIdOf(arn, `group:${key}`),
      parentSpanId: runSpanId(group.parent),
      name: `${group.parent.name} ${scopeLabel(group.segment)}`,
      start: group.start,
      end: group.end,
      status: { code: "UNSET" },
      attributes: {
        "stepfunctions.state.name": group.parent.name,
        [group.segment.kind === "parallel-branch" ? "stepfunctions.branch.index" : "stepfunctions.iteration.index"]:
          group.segment.index,
      },
      events: [],
      links: [],
    });
  }

  for (const run of runs) {
    const groupKey = groupKeyOf(run);
    const parentSpanId =
      groupKey === null ? executionAttempts.parentOf(run.enteredEventId) : spanIdOf(arn, `group:${groupKey}`);
    const isRootCause = run.key === rootCauseKey;
    const end = run.exitedAt ?? executionAttempts.endOf(run.enteredEventId);
    const runFailed = run.status === "FAILED" || run.status === "TIMED_OUT";
    const events: TraceSpanEvent[] = [];
    for (const attempt of run.attempts) {
      if (attempt.index > 0) {
        events.push({
          name: "retry",
          time: attempt.startedAt,
          attributes: {
            "stepfunctions.attempt": attempt.index + 1,
            ...(attempt.backoffMs === null ? {} : { "stepfunctions.retry.backoff_ms": attempt.backoffMs }),
          },
        });
      }
    }
    if (isRootCause) {
      events.push({
        name: "exception",
        time: end,
        attributes: {
          "exception.type": run.error ?? "States.Runtime",
          ...(run.cause === null ? {} : { "exception.message": run.cause }),
        },
      });
    }
    spans.push({
      traceId,
      spanId: runSpanId(run),
      parentSpanId,
      name: run.name,
      start: run.enteredAt,
      end,
      status: runFailed
        ? { code: "ERROR", message: [run.error, run.cause].filter(Boolean).join(": ") || run.status }
        : { code: "UNSET" },
      attributes: {
        "stepfunctions.state.name": run.name,
        "stepfunctions.state.type": run.stateType,
        "stepfunctions.state.status": run.status,
        "stepfunctions.state.retry_count": run.retryCount,
        "stepfunctions.state.root_cause": isRootCause,
        ...(run.error ? { "error.type": run.error } : {}),
        ...payload("state.input", run.input),
        ...payload("state.output", run.output),
      },
      events,
      links: [],
    });
    // A Task's attempts (and a retried Parallel's or Map's): one child span each.
    const attemptSpans = run.stateType === "Task" || run.attempts.length > 1 ? run.attempts : [];
    for (const attempt of attemptSpans) {
      const attemptFailed = attempt.status === "FAILED" || attempt.status === "TIMED_OUT";
      spans.push({
        traceId,
        spanId: spanIdOf(arn, `attempt:${run.key}:${attempt.index}`),
        parentSpanId: runSpanId(run),
        name: `${run.name} attempt ${attempt.index + 1}`,
        start: attempt.startedAt,
        end: attempt.endedAt ?? end,
        status: attemptFailed
          ? { code: "ERROR", message: [attempt.error, attempt.cause].filter(Boolean).join(": ") || attempt.status }
          : { code: "UNSET" },
        attributes: {
          "stepfunctions.state.name": run.name,
          "stepfunctions.attempt": attempt.index + 1,
          "stepfunctions.attempt.status": attempt.status,
          ...(attempt.error ? { "error.type": attempt.error } : {}),
        },
        events: [],
        links: [],
      });
    }
  }
  return spans;
}
