import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createMockConfigInvoker, mockConfigSchema } from "@/lib/asl/mock-config-invoker";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { TaskInvoker } from "@/lib/asl/task-invoker";
import { parseTaskResource } from "@/lib/asl/task-resource";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { createRecordedHistoryInvoker } from "@/lib/asl/recorded-history-invoker";
import type { AslHistoryEvent } from "@/lib/asl/types";
import { toAwsHistory, type Case } from "./denormalize";
import { diffHistories, type ComparableCase } from "./interpreter-compare";

/** A dev case as the interpreter suite reads it. */
export interface InterpreterCase extends ComparableCase {
  readonly name: string;
  readonly split: string;
  readonly definition: unknown;
  readonly input_string: string;
  readonly mockConfig?: unknown;
  readonly pure_kind?: string;
}

const EMPTY_MOCKS = { StateMachines: {}, MockedResponses: {} };

/** The role ARN the recording masked as `snf_role_arn`, so the local history carries the same one. */
function roleArnOf(c: InterpreterCase): string | undefined {
  const started = c.history.find((e) => e["type"] === "ExecutionStarted")?.["executionStartedEventDetails"] as
    { roleArn?: unknown } | undefined;
  if (started?.roleArn !== "snf_role_arn") return undefined;
  return c.replacements?.find(([, placeholder]) => placeholder === "snf_role_arn")?.[0];
}

/**
 * Activity workers name themselves when they take a task (`GetActivityTask.workerName`), which
 * a mock config cannot say: the case's workers give the names its `ActivityStarted` events hold, in order.
 */
function withRecordedWorkerNames(invoker: TaskInvoker, c: InterpreterCase): TaskInvoker {
  const names = c.history
    .filter((e) => e["type"] === "ActivityStarted")
    .map((e) => (e["activityStartedEventDetails"] as { workerName?: unknown } | undefined)?.workerName);
  if (names.length === 0) return invoker;
  let next = 0;
  return {
    async invoke(invocation) {
      const outcome = await invoker.invoke(invocation);
      if (outcome === null || parseTaskResource(invocation.resource).kind !== "activity") return outcome;
      const name = names[next++];
      return typeof name === "string" ? { ...outcome, workerName: name } : outcome;
    },
  };
}

/** The day the case was recorded (`source.recorded_date`, `DD-MM-YYYY, hh:mm:ss`) as `YYYY-MM-DD`: AWS behaved as it did then. */
function recordedDay(c: InterpreterCase): string {
  const match = /^(\d{2})-(\d{2})-(\d{4})/.exec(c.source.recorded_date ?? "");
  if (match === null)
    throw new Error(`case ${c.name}: source.recorded_date '${String(c.source.recorded_date)}' is not DD-MM-YYYY`);
  return `${match[3]}-${match[2]}-${match[1]}`;
}

/** Runs a case's definition with its input and mocks (state machine `Recorded`, test case `Recorded`); returns the first difference or null. */
export async function runInterpreterCase(c: InterpreterCase): Promise<string | null> {
  const mocks = mockConfigSchema.parse(c.mockConfig ?? EMPTY_MOCKS);
  const roleArn = roleArnOf(c);
  const result = await executeStateMachine({
    definition: c.definition as StateMachineDefinition,
    input: c.input_string,
    stateMachineName: "Recorded",
    executionName: "conformance",
    ...(roleArn === undefined ? {} : { roleArn }),
    // Wall time as the start: inputs carry timestamps made when the corpus was built, relative to then.
    clock: createVirtualClock(Date.now()),
    // Cases the corpus could not derive a mock config for are answered from their own recording.
    invoker:
      c.mockConfig === undefined
        ? createRecordedHistoryInvoker(toAwsHistory(c as unknown as Case).events as AslHistoryEvent[])
        : withRecordedWorkerNames(createMockConfigInvoker(mocks, "Recorded", "Recorded"), c),
    random: createSeededRandom(1),
    awsBehaviourAsOf: recordedDay(c),
    maxTransitions: 30_000,
  });
  return diffHistories(c, result.events as unknown as Record<string, unknown>[]);
}
