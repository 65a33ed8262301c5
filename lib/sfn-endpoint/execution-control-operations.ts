import { sfnEndpointRows } from "@/lib/store/sfn-endpoint-rows";
import { checkDefinitionOrThrow } from "./check-definition";
import { epochSeconds, type Operation } from "./endpoint-context";
import { getExecutionOrThrow } from "./get-execution-or-throw";
import { RequestFields } from "./request-fields";
import { SfnError } from "./sfn-error";
import { taskAnswerersOf } from "./task-answerers";

const redrivable = ["FAILED", "TIMED_OUT", "ABORTED"];
/** AWS: an execution can be redriven within 14 days of its stop. */
const redriveWindowMs = 14 * 86_400_000;

/** `StopExecution`: a running execution ends ABORTED (its `error`/`cause` in `ExecutionAborted`); an ended one is answered with its stop date. */
export const stopExecution: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const row = await getExecutionOrThrow(ctx, fields.string("executionArn"));
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
  const row = await getExecutionOrThrow(ctx, new RequestFields(body).string("executionArn"), false);
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
  const answerers = await taskAnswerersOf(ctx, row.stateMachineArn.split(":")[6] ?? "", row.testCase);
  const redriven = (await sfnEndpointRows.getExecution(ctx.db.prisma, row.executionArn))!;
  ctx.runs.start(redriven, checkDefinitionOrThrow(row.definition), answerers, events).catch(() => undefined);
  return { redriveDate: epochSeconds(now) };
};
