import type { AslHistoryEvent } from "@/lib/asl/types";
import { sfnEndpointRows } from "@/lib/store/sfn-endpoint-rows";
import { epochSeconds, type Operation } from "./endpoint-context";
import { aliasOrThrow } from "./alias-operations";
import { getExecutionOrThrow } from "./get-execution-or-throw";
import { listMapRunExecutions } from "./map-run-control-operations";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import { parseStateMachineArn } from "./sfn-arns";
import { SfnError, validationError } from "./sfn-error";
import { stateMachineOrThrow } from "./state-machine-operations";

const statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

/** `DescribeExecution`. */
export const describeExecution: Operation = async (ctx, body) => {
  const row = await getExecutionOrThrow(ctx, new RequestFields(body).string("executionArn"));
  const ended = row.status !== "RUNNING";
  const redrive =
    row.status === "SUCCEEDED"
      ? { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven" }
      : row.status === "RUNNING"
        ? { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution is RUNNING and cannot be redriven" }
        : { redriveStatus: "REDRIVABLE" };
  return {
    executionArn: row.executionArn,
    stateMachineArn: row.stateMachineArn,
    name: row.name,
    status: row.status,
    startDate: epochSeconds(row.startDate),
    ...(ended && row.stopDate !== null ? { stopDate: epochSeconds(row.stopDate) } : {}),
    input: row.input,
    inputDetails: { included: true },
    ...(row.output === null ? {} : { output: row.output, outputDetails: { included: true } }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.cause === null ? {} : { cause: row.cause }),
    ...(row.versionArn === null ? {} : { stateMachineVersionArn: row.versionArn }),
    ...(row.aliasArn === null ? {} : { stateMachineAliasArn: row.aliasArn }),
    redriveCount: row.redriveCount,
    ...(row.redriveDate === null ? {} : { redriveDate: epochSeconds(row.redriveDate) }),
    ...redrive,
  };
};

const dataMembers = new Set(["input", "output"]);

/** An event on the wire: epoch-second timestamp; without `includeExecutionData`, no `input`/`output` in its details. */
function wireEvent(event: AslHistoryEvent, includeData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === "timestamp") wire[key] = Date.parse(String(value)) / 1000;
    else if (!includeData && key.endsWith("EventDetails") && typeof value === "object" && value !== null)
      wire[key] = Object.fromEntries(Object.entries(value).filter(([k]) => !dataMembers.has(k)));
    else wire[key] = value;
  }
  return wire;
}

/** `GetExecutionHistory`: pages of `maxResults` (default 100, at most 1000), `reverseOrder`, `includeExecutionData` (default true). */
export const getExecutionHistory: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const row = await getExecutionOrThrow(ctx, fields.string("executionArn"));
  const take = fields.maxResults(100);
  const reverse = fields.optionalBoolean("reverseOrder") === true;
  const includeData = fields.optionalBoolean("includeExecutionData") !== false;
  const scope = `GetExecutionHistory|${row.executionArn}|${reverse}`;
  const skip = decodePageToken(fields.optionalString("nextToken"), scope);
  const events = await ctx.runs.events(row.executionArn);
  const ordered = reverse ? [...events].reverse() : events;
  const page = ordered.slice(skip, skip + take);
  return {
    events: page.map((e) => wireEvent(e, includeData)),
    ...(skip + take < ordered.length ? { nextToken: encodePageToken(scope, skip + take) } : {}),
  };
};

/**
 * `ListExecutions` of a state machine, version or alias, newest first, `statusFilter`, `redriveFilter`, paged;
 * or of a Map Run (`mapRunArn`: its child executions; not with `stateMachineArn`, as AWS refuses both).
 */
export const listExecutions: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const arnText = fields.optionalString("stateMachineArn");
  const mapRunArn = fields.optionalString("mapRunArn", 2000);
  if (arnText !== undefined && mapRunArn !== undefined)
    throw new SfnError("ValidationException", "Either stateMachineArn or mapRunArn may be given, not both");
  const status = fields.optionalString("statusFilter");
  if (status !== undefined && !statuses.includes(status))
    throw validationError("statusFilter", `Member must satisfy enum value set: [${statuses.join(", ")}]`, status);
  const redriveFilter = fields.optionalString("redriveFilter");
  if (redriveFilter !== undefined && redriveFilter !== "REDRIVEN" && redriveFilter !== "NOT_REDRIVEN")
    throw validationError(
      "redriveFilter",
      "Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]",
      redriveFilter,
    );
  if (mapRunArn !== undefined)
    return listMapRunExecutions(ctx, {
      mapRunArn,
      status,
      redriveFilter,
      take: fields.maxResults(100),
      nextToken: fields.optionalString("nextToken"),
    });
  if (arnText === undefined) throw validationError("stateMachineArn", "Member must not be null");
  const ref = parseStateMachineArn(arnText);
  // An alias's executions are those started through it (its ARN must name an alias that exists).
  if (ref.aliasArn !== undefined) await aliasOrThrow(ctx, ref.aliasArn);
  const machine = await stateMachineOrThrow(ctx, ref.versionArn ?? ref.arn);
  // AWS keeps no list of Express executions (they are in CloudWatch Logs, and here on the dashboard).
  if (machine.type === "EXPRESS")
    throw new SfnError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
  const take = fields.maxResults(100);
  const scope = `ListExecutions|${arnText}|${status ?? ""}|${redriveFilter ?? ""}`;
  const skip = decodePageToken(fields.optionalString("nextToken"), scope);
  const filter = {
    stateMachineArn: ref.arn,
    ...(ref.versionArn === undefined ? {} : { versionArn: ref.versionArn }),
    ...(ref.aliasArn === undefined ? {} : { aliasArn: ref.aliasArn }),
    ...(status === undefined ? {} : { status }),
  };
  // The redrive filter is applied after the query: the endpoint's executions are few.
  let rows = await sfnEndpointRows.listExecutions(ctx.db.prisma, filter, 0, Number.MAX_SAFE_INTEGER);
  if (redriveFilter !== undefined) rows = rows.filter((r) => r.redriveCount > 0 === (redriveFilter === "REDRIVEN"));
  const page = rows.slice(skip, skip + take);
  return {
    executions: page.map((r) => ({
      executionArn: r.executionArn,
      stateMachineArn: r.stateMachineArn,
      name: r.name,
      status: r.status,
      startDate: epochSeconds(r.startDate),
      ...(r.stopDate === null ? {} : { stopDate: epochSeconds(r.stopDate) }),
      ...(r.versionArn === null ? {} : { stateMachineVersionArn: r.versionArn }),
      ...(r.aliasArn === null ? {} : { stateMachineAliasArn: r.aliasArn }),
      ...(r.redriveCount > 0 ? { redriveCount: r.redriveCount } : {}),
      ...(r.redriveDate === null ? {} : { redriveDate: epochSeconds(r.redriveDate) }),
    })),
    ...(skip + take < rows.length ? { nextToken: encodePageToken(scope, skip + take) } : {}),
  };
};

/**
 * `DescribeStateMachineForExecution`: the definition the execution ran (the state machine may have
 * changed since, or gone), with the version and alias it was started through; Express → `InvalidArn`.
 */
export const describeStateMachineForExecution: Operation = async (ctx, body) => {
  const row = await getExecutionOrThrow(ctx, new RequestFields(body).string("executionArn"));
  const machine = await sfnEndpointRows.getStateMachine(ctx.db.prisma, row.versionArn ?? row.stateMachineArn);
  const settings = (machine?.settings ?? {}) as Record<string, unknown>;
  const same = machine !== null && machine.definition === row.definition && machine.roleArn === row.roleArn;
  return {
    stateMachineArn: row.stateMachineArn,
    name: row.stateMachineArn.split(":")[6] ?? "",
    definition: row.definition,
    roleArn: row.roleArn,
    updateDate: epochSeconds(same ? machine.updatedAt : row.startDate),
    loggingConfiguration: settings["loggingConfiguration"] ?? { level: "OFF", includeExecutionData: false },
    tracingConfiguration: settings["tracingConfiguration"] ?? { enabled: false },
    ...(same ? { revisionId: machine.revisionId } : {}),
    ...(row.versionArn === null ? {} : { stateMachineVersionArn: row.versionArn }),
    ...(row.aliasArn === null ? {} : { stateMachineAliasArn: row.aliasArn }),
  };
};
