import { readFile } from "node:fs/promises";
import { mockConfigSchema, type MockConfig } from "@/lib/asl/mock-config-invoker";
import { PAYLOAD_LIMIT_BYTES } from "@/lib/asl/states/event-details";
import type { AslHistoryEvent } from "@/lib/asl/types";
import { sfnEndpointRows, type SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";
import { checkDefinitionOrThrow } from "./check-definition";
import { epochSeconds, type EndpointContext, type Operation } from "./endpoint-context";
import { generatedExecutionName } from "./endpoint-runs";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import { checkExecutionArn, checkName, executionArnOf, parseStateMachineArn } from "./sfn-arns";
import { SfnError, validationError } from "./sfn-error";
import { stateMachineOrThrow } from "./state-machine-operations";

const statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];
const redrivable = ["FAILED", "TIMED_OUT", "ABORTED"];
/** AWS: an execution can be redriven within 14 days of its stop. */
const redriveWindowMs = 14 * 86_400_000;

/** The execution an ARN names; `ExecutionDoesNotExist` as AWS words it. */
async function executionOrThrow(ctx: EndpointContext, arn: string): Promise<SfnExecutionRow> {
  checkExecutionArn(arn);
  const row = await sfnEndpointRows.getExecution(ctx.db.prisma, arn);
  if (row === null) throw new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
  return row;
}

/** The MockConfigFile (read now, so edits apply to the next execution) and the test case in it. */
async function mockConfigOrThrow(
  ctx: EndpointContext,
  stateMachineName: string,
  testCase: string,
): Promise<MockConfig> {
  const file = ctx.mockConfigFile;
  if (file === undefined)
    throw new SfnError(
      "ValidationException",
      `The test case '${testCase}' needs a MockConfigFile: set STEPSCOPE_SFN_MOCK_CONFIG to its path`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch (err) {
    throw new SfnError(
      "ValidationException",
      `The MockConfigFile ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const config = mockConfigSchema.safeParse(parsed);
  if (!config.success) {
    const issue = config.error.issues[0];
    throw new SfnError(
      "ValidationException",
      `The MockConfigFile ${file} is not one: /${issue?.path.join("/") ?? ""}: ${issue?.message ?? ""}`,
    );
  }
  if (config.data.StateMachines[stateMachineName]?.TestCases[testCase] === undefined)
    throw new SfnError(
      "ValidationException",
      `The MockConfigFile ${file} has no test case /StateMachines/${stateMachineName}/TestCases/${testCase}`,
    );
  return config.data;
}

function checkInput(input: string): void {
  try {
    JSON.parse(input);
  } catch (err) {
    throw new SfnError(
      "InvalidExecutionInput",
      `Invalid State Machine Execution Input: '${err instanceof Error ? err.message : String(err)}'`,
    );
  }
  if (Buffer.byteLength(input, "utf8") > PAYLOAD_LIMIT_BYTES)
    throw validationError("input", `Member must have length less than or equal to ${PAYLOAD_LIMIT_BYTES}`, "…");
}

/** Creates an execution's row and starts it; answers the row and the run's end. */
async function startExecutionRow(
  ctx: EndpointContext,
  body: Readonly<Record<string, unknown>>,
  sync: boolean,
): Promise<{ row: SfnExecutionRow; done: ReturnType<EndpointContext["runs"]["start"]>; existing: boolean }> {
  const fields = new RequestFields(body);
  const arnText = fields.string("stateMachineArn");
  const ref = parseStateMachineArn(arnText, true);
  const machine = await stateMachineOrThrow(ctx, ref.versionArn ?? ref.arn);
  if (sync && machine.type !== "EXPRESS")
    throw new SfnError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
  const name = fields.optionalString("name") ?? generatedExecutionName();
  checkName(name);
  const input = fields.optionalString("input") ?? "{}";
  checkInput(input);
  const mockConfig = ref.testCase === undefined ? null : await mockConfigOrThrow(ctx, ref.name, ref.testCase);
  const definition = checkDefinitionOrThrow(machine.definition);
  const row: SfnExecutionRow = {
    executionArn: executionArnOf(ctx.scope, ref.name, name),
    stateMachineArn: ref.arn,
    versionArn: ref.versionArn ?? null,
    name,
    type: machine.type,
    definition: machine.definition,
    roleArn: machine.roleArn,
    input,
    testCase: ref.testCase ?? null,
    status: "RUNNING",
    startDate: new Date(),
    stopDate: null,
    output: null,
    error: null,
    cause: null,
    redriveCount: 0,
    redriveDate: null,
  };
  if (!(await sfnEndpointRows.insertExecution(ctx.db.prisma, row))) {
    const existing = (await sfnEndpointRows.getExecution(ctx.db.prisma, row.executionArn))!;
    // AWS: the same name and input as a running execution answers that execution; anything else is refused.
    if (!sync && existing.status === "RUNNING" && existing.input === input)
      return { row: existing, done: Promise.reject(new Error("not started here")), existing: true };
    throw new SfnError("ExecutionAlreadyExists", `Execution Already Exists: '${row.executionArn}'`);
  }
  return { row, done: ctx.runs.start(row, definition, mockConfig), existing: false };
}

/** `StartExecution` (`stateMachineArn` may end in `#<test case>` of the MockConfigFile); the execution runs in the background. */
export const startExecution: Operation = async (ctx, body) => {
  const { row, done } = await startExecutionRow(ctx, body, false);
  // The run reports its own failures to store (it logs them); the caller only hears of the start.
  done.catch(() => undefined);
  return { executionArn: row.executionArn, startDate: epochSeconds(row.startDate) };
};

/** `StartSyncExecution` of an Express state machine: answers when the execution has ended. */
export const startSyncExecution: Operation = async (ctx, body) => {
  const { row, done } = await startExecutionRow(ctx, body, true);
  const result = await done;
  const ended = (await sfnEndpointRows.getExecution(ctx.db.prisma, row.executionArn))!;
  const billedMs = Math.max(
    100,
    Math.ceil(((ended.stopDate ?? new Date()).getTime() - row.startDate.getTime()) / 100) * 100,
  );
  return {
    executionArn: row.executionArn,
    stateMachineArn: row.versionArn ?? row.stateMachineArn,
    name: row.name,
    startDate: epochSeconds(row.startDate),
    stopDate: epochSeconds(ended.stopDate ?? new Date()),
    status: result.status,
    input: row.input,
    inputDetails: { included: true },
    ...(result.output === undefined ? {} : { output: result.output, outputDetails: { included: true } }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.cause === undefined ? {} : { cause: result.cause }),
    billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: billedMs },
  };
};

/** `DescribeExecution`. */
export const describeExecution: Operation = async (ctx, body) => {
  const row = await executionOrThrow(ctx, new RequestFields(body).string("executionArn"));
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
  const row = await executionOrThrow(ctx, fields.string("executionArn"));
  if (row.type === "EXPRESS")
    throw new SfnError("ValidationException", "This operation is not supported by EXPRESS state machines");
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

/** `ListExecutions` of a state machine or version, newest first, `statusFilter`, `redriveFilter`, paged. */
export const listExecutions: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const arnText = fields.optionalString("stateMachineArn");
  if (arnText === undefined) {
    if (body["mapRunArn"] !== undefined)
      throw new SfnError(
        "ResourceNotFound",
        "Map Runs do not run on this endpoint (Distributed Map child executions are not listed)",
      );
    throw validationError("stateMachineArn", "Member must not be null");
  }
  const ref = parseStateMachineArn(arnText);
  await stateMachineOrThrow(ctx, ref.versionArn ?? ref.arn);
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
  const take = fields.maxResults(100);
  const scope = `ListExecutions|${arnText}|${status ?? ""}|${redriveFilter ?? ""}`;
  const skip = decodePageToken(fields.optionalString("nextToken"), scope);
  const filter = {
    stateMachineArn: ref.arn,
    ...(ref.versionArn === undefined ? {} : { versionArn: ref.versionArn }),
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
      ...(r.redriveCount > 0 ? { redriveCount: r.redriveCount } : {}),
      ...(r.redriveDate === null ? {} : { redriveDate: epochSeconds(r.redriveDate) }),
    })),
    ...(skip + take < rows.length ? { nextToken: encodePageToken(scope, skip + take) } : {}),
  };
};

/** `StopExecution`: a running execution ends ABORTED (its `error`/`cause` in `ExecutionAborted`); an ended one is answered with its stop date. */
export const stopExecution: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const row = await executionOrThrow(ctx, fields.string("executionArn"));
  const error = fields.optionalString("error", 256);
  const cause = fields.optionalString("cause", 32_768);
  await ctx.runs.stop(row.executionArn, {
    ...(error === undefined ? {} : { error }),
    ...(cause === undefined ? {} : { cause }),
  });
  const stopped = (await sfnEndpointRows.getExecution(ctx.db.prisma, row.executionArn))!;
  return { stopDate: epochSeconds(stopped.stopDate ?? new Date()) };
};

/** `RedriveExecution` of a FAILED, TIMED_OUT or ABORTED Standard execution (within 14 days): it continues from the state that did not succeed. */
export const redriveExecution: Operation = async (ctx, body) => {
  const row = await executionOrThrow(ctx, new RequestFields(body).string("executionArn"));
  const refuse = (reason: string): never => {
    throw new SfnError("ExecutionNotRedrivable", `Execution is not redrivable: '${row.executionArn}' ${reason}`);
  };
  if (row.type === "EXPRESS") refuse("is an Express execution");
  if (!redrivable.includes(row.status)) refuse(`is ${row.status}`);
  if (row.stopDate !== null && Date.now() - row.stopDate.getTime() > redriveWindowMs)
    refuse("stopped more than 14 days ago");
  const events = [...(await ctx.runs.events(row.executionArn))];
  const now = new Date();
  if (!(await sfnEndpointRows.markRedriven(ctx.db.prisma, row.executionArn, redrivable, now)))
    refuse("is being redriven already");
  const mockConfig =
    row.testCase === null ? null : await mockConfigOrThrow(ctx, row.stateMachineArn.split(":")[6] ?? "", row.testCase);
  const redriven = (await sfnEndpointRows.getExecution(ctx.db.prisma, row.executionArn))!;
  ctx.runs.start(redriven, checkDefinitionOrThrow(row.definition), mockConfig, events).catch(() => undefined);
  return { redriveDate: epochSeconds(now) };
};
