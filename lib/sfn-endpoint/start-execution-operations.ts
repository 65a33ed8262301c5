import { randomUUID } from "node:crypto";
import { PAYLOAD_LIMIT_BYTES } from "@/lib/asl/states/event-details";
import { sfnEndpointAliasRows } from "@/lib/store/sfn-endpoint-alias-rows";
import { sfnEndpointRows, type SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";
import { chooseRoute } from "./alias-routing";
import { checkDefinitionOrThrow } from "./check-definition";
import { epochSeconds, type EndpointContext, type Operation } from "./endpoint-context";
import { generatedExecutionName } from "./endpoint-runs";
import { RequestFields } from "./request-fields";
import { checkName, executionArnOf, expressExecutionArnOf, parseStateMachineArn } from "./sfn-arns";
import { SfnError, validationError } from "./sfn-error";
import { stateMachineOrThrow } from "./state-machine-operations";
import { taskAnswerersOf } from "./task-answerers";

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

/** The version an alias chooses for a new execution (by its routing's weights); `StateMachineDoesNotExist` when there is no such alias. */
async function versionOfAliasOrThrow(ctx: EndpointContext, aliasArn: string): Promise<string> {
  const alias = await sfnEndpointAliasRows.getAlias(ctx.db.prisma, aliasArn);
  if (alias === null) throw new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${aliasArn}'`);
  return chooseRoute(alias.routing, ctx.random);
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
  const versionArn = ref.aliasArn === undefined ? ref.versionArn : await versionOfAliasOrThrow(ctx, ref.aliasArn);
  const machine = await stateMachineOrThrow(ctx, versionArn ?? ref.arn);
  if (sync && machine.type !== "EXPRESS")
    throw new SfnError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
  const name = fields.optionalString("name") ?? generatedExecutionName();
  checkName(name);
  const input = fields.optionalString("input") ?? "{}";
  checkInput(input);
  const answerers = await taskAnswerersOf(ctx, ref.name, ref.testCase ?? null);
  const definition = checkDefinitionOrThrow(machine.definition);
  const row: SfnExecutionRow = {
    executionArn:
      machine.type === "EXPRESS"
        ? expressExecutionArnOf(ctx.scope, ref.name, name, randomUUID())
        : executionArnOf(ctx.scope, ref.name, name),
    stateMachineArn: ref.arn,
    versionArn: versionArn ?? null,
    aliasArn: ref.aliasArn ?? null,
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
  return { row, done: ctx.runs.start(row, definition, answerers), existing: false };
}

/** `StartExecution` of a state machine, a version or an alias (`stateMachineArn` may end in `#<test case>` of the MockConfigFile); the execution runs in the background. */
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
