import type { HistoryEvent } from "@/lib/history/types";
import { fakeRedriveStatus } from "./fake-action-operations";
import type { FakeAwsState, FakeExecution } from "./fake-aws-state";
import { FakeAwsError } from "./fake-aws-error";

export { FakeAwsError };

type Body = Readonly<Record<string, unknown>>;

/** Epoch seconds with ms precision, as AWS JSON protocols send `timestamp`s. */
const seconds = (date: Date | string | undefined): number | undefined =>
  date === undefined ? undefined : new Date(date).getTime() / 1000;

interface PageToken {
  readonly op: string;
  readonly key: string;
  readonly offset: number;
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeToken(body: Body, op: string, key: string): number {
  const raw = body["nextToken"];
  if (typeof raw !== "string") return 0;
  try {
    const token = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as PageToken;
    if (token.op === op && token.key === key && Number.isInteger(token.offset)) return token.offset;
  } catch {
    // fall through: AWS answers a token it did not issue as invalid.
  }
  throw new FakeAwsError(op === "FilterLogEvents" ? "InvalidParameterException" : "InvalidToken", "Invalid Token");
}

function page<T>(
  items: readonly T[],
  body: Body,
  op: string,
  key: string,
  defaultSize: number,
  maxSize: number,
): { items: T[]; nextToken?: string } {
  const offset = decodeToken(body, op, key);
  const requested =
    typeof body["maxResults"] === "number" && body["maxResults"] > 0
      ? body["maxResults"]
      : typeof body["limit"] === "number"
        ? body["limit"]
        : defaultSize;
  const size = Math.min(requested, maxSize);
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodeToken({ op, key, offset: offset + size }) : undefined;
  return next === undefined ? { items: slice } : { items: slice, nextToken: next };
}

function str(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "")
    throw new FakeAwsError("ValidationException", `1 validation error detected: '${field}' must not be null`);
  return value;
}

function executionOrThrow(state: FakeAwsState, arn: string): FakeExecution {
  const execution = state.executions.find((e) => e.executionArn === arn);
  if (!execution) throw new FakeAwsError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
  return execution;
}

function wireEvent(event: HistoryEvent): Record<string, unknown> {
  return { ...event, timestamp: seconds(event.timestamp) };
}

/** Answers one Step Functions operation (`AWSStepFunctions.<op>`). */
export function handleSfnOperation(state: FakeAwsState, op: string, body: Body): unknown {
  switch (op) {
    case "ListStateMachines": {
      const { items, nextToken } = page(state.stateMachines, body, op, "", 100, 1000);
      return {
        stateMachines: items.map((m) => ({
          stateMachineArn: m.stateMachineArn,
          name: m.name,
          type: m.type,
          creationDate: seconds(m.creationDate),
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    }
    case "DescribeStateMachine": {
      const arn = str(body, "stateMachineArn");
      const m = state.stateMachines.find((s) => s.stateMachineArn === arn);
      if (!m) throw new FakeAwsError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
      return {
        stateMachineArn: m.stateMachineArn,
        name: m.name,
        status: "ACTIVE",
        definition: m.definition,
        roleArn: m.roleArn,
        type: m.type,
        creationDate: seconds(m.creationDate),
        revisionId: "rev-1",
        loggingConfiguration: m.loggingConfiguration ?? { level: "OFF", includeExecutionData: false },
      };
    }
    case "ListTagsForResource": {
      const arn = str(body, "resourceArn");
      const m = state.stateMachines.find((s) => s.stateMachineArn === arn);
      return { tags: Object.entries(m?.tags ?? {}).map(([key, value]) => ({ key, value })) };
    }
    case "ListExecutions": {
      const mapRunArn = typeof body["mapRunArn"] === "string" ? body["mapRunArn"] : null;
      const arn = mapRunArn ?? str(body, "stateMachineArn");
      const redriveFilter = body["redriveFilter"];
      const statusFilter = body["statusFilter"];
      const matching = state.executions
        // A version's or an alias's ARN lists the executions started through it, as AWS does.
        .filter((e) =>
          mapRunArn
            ? e.mapRunArn === mapRunArn
            : e.stateMachineArn === arn || e.stateMachineVersionArn === arn || e.stateMachineAliasArn === arn,
        )
        .filter((e) =>
          redriveFilter === "REDRIVEN"
            ? e.redriveCount > 0
            : redriveFilter === "NOT_REDRIVEN"
              ? e.redriveCount === 0
              : true,
        )
        .filter((e) => (typeof statusFilter === "string" ? e.status === statusFilter : true))
        .sort((a, b) => b.startDate.getTime() - a.startDate.getTime() || (a.name < b.name ? 1 : -1));
      const { items, nextToken } = page(
        matching,
        body,
        op,
        `${arn}|${String(redriveFilter)}|${String(statusFilter)}`,
        100,
        1000,
      );
      return {
        executions: items.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: seconds(e.startDate),
          stopDate: seconds(e.stopDate),
          redriveCount: e.redriveCount,
          redriveDate: seconds(e.redriveDate),
          mapRunArn: e.mapRunArn,
          stateMachineVersionArn: e.stateMachineVersionArn,
          stateMachineAliasArn: e.stateMachineAliasArn,
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    }
    case "DescribeExecution": {
      const e = executionOrThrow(state, str(body, "executionArn"));
      return {
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: seconds(e.startDate),
        stopDate: seconds(e.stopDate),
        input: e.input,
        output: e.output,
        error: e.error,
        cause: e.cause,
        redriveCount: e.redriveCount,
        redriveDate: seconds(e.redriveDate),
        ...fakeRedriveStatus(state, e),
        mapRunArn: e.mapRunArn,
        // AWS returns the unqualified `stateMachineArn` and, when StartExecution named one, the version and alias ARNs.
        stateMachineVersionArn: e.stateMachineVersionArn,
        stateMachineAliasArn: e.stateMachineAliasArn,
        traceHeader: e.traceHeader,
      };
    }
    case "GetExecutionHistory": {
      const e = executionOrThrow(state, str(body, "executionArn"));
      const reverse = body["reverseOrder"] === true;
      const events = reverse ? [...e.events].reverse() : e.events;
      // Offsets count from the newest event when reversed, so a history that grew between pages still pages correctly.
      const { items, nextToken } = page(events, body, op, `${e.executionArn}|${reverse}`, 100, 1000);
      return { events: items.map(wireEvent), ...(nextToken ? { nextToken } : {}) };
    }
    case "ListMapRuns": {
      const arn = str(body, "executionArn");
      const { items, nextToken } = page(
        state.mapRuns.filter((r) => r.executionArn === arn),
        body,
        op,
        arn,
        100,
        1000,
      );
      return {
        mapRuns: items.map((r) => ({
          executionArn: r.executionArn,
          mapRunArn: r.mapRunArn,
          stateMachineArn: r.mapRunArn
            .replace(":mapRun:", ":stateMachine:")
            .replace(/\/[^/]*$/, "")
            .replace(/:[^:]*$/, ""),
          startDate: seconds(r.startDate),
          stopDate: seconds(r.stopDate),
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    }
    case "DescribeMapRun": {
      const arn = str(body, "mapRunArn");
      const r = state.mapRuns.find((m) => m.mapRunArn === arn);
      if (!r) throw new FakeAwsError("ResourceNotFound", `Map Run Does Not Exist: '${arn}'`);
      const children = state.executions.filter((e) => e.mapRunArn === arn);
      const count = (s: string): number => children.filter((c) => c.status === s).length;
      const counts = {
        pending: 0,
        running: count("RUNNING"),
        succeeded: count("SUCCEEDED"),
        failed: count("FAILED"),
        timedOut: count("TIMED_OUT"),
        aborted: count("ABORTED"),
        total: children.length,
        resultsWritten: 0,
      };
      return {
        mapRunArn: r.mapRunArn,
        executionArn: r.executionArn,
        status: r.status,
        startDate: seconds(r.startDate),
        stopDate: seconds(r.stopDate),
        maxConcurrency: 0,
        toleratedFailurePercentage: 0,
        toleratedFailureCount: 0,
        itemCounts: counts,
        executionCounts: counts,
      };
    }
    default:
      throw new FakeAwsError("UnknownOperationException", `The fake does not serve ${op}`);
  }
}

/** Answers one CloudWatch Logs operation (`Logs_20140328.<op>`). */
export function handleLogsOperation(state: FakeAwsState, op: string, body: Body): unknown {
  if (op !== "FilterLogEvents") throw new FakeAwsError("UnknownOperationException", `The fake does not serve ${op}`);
  const name =
    typeof body["logGroupName"] === "string"
      ? body["logGroupName"]
      : str(body, "logGroupIdentifier")
          .replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, "")
          .replace(/:\*$/, "");
  const events = state.logGroups.get(name);
  if (!events) throw new FakeAwsError("ResourceNotFoundException", "The specified log group does not exist.");
  const start = typeof body["startTime"] === "number" ? body["startTime"] : 0;
  const end = typeof body["endTime"] === "number" ? body["endTime"] : Number.MAX_SAFE_INTEGER;
  const matching = events.filter((e) => e.timestamp >= start && e.timestamp <= end);
  const { items, nextToken } = page(
    matching,
    body,
    op,
    `${name}|${start}|${end}`,
    state.logsPageSize ?? 10_000,
    10_000,
  );
  return {
    events: items.map((e, i) => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.timestamp + 500,
      eventId: `${e.timestamp}-${i}`,
    })),
    searchedLogStreams: [],
    ...(nextToken ? { nextToken } : {}),
  };
}
