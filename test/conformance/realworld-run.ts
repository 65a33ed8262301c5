import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine, type ExecutionResult } from "@/lib/asl/execute-state-machine";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { TaskInvoker } from "@/lib/asl/task-invoker";
import type { StateMachineDefinition } from "@/lib/asl/types";

/** AWS's history quota and a Standard execution's longest run (a year). */
const MAX_EVENTS = 25_000;
const YEAR_MS = 365 * 86_400_000;

/**
 * The generated mocks `shared/realworld`'s README asks for: a Lambda invocation (the optimised
 * integration or a function ARN) answers `{"Payload": {}, "StatusCode": 200}`, every other Task
 * (and every ItemReader object) answers `{}`, at once.
 */
export const generatedMocks: TaskInvoker = {
  invoke: ({ resource }) =>
    Promise.resolve({
      type: "success",
      output: resource.startsWith("arn:aws:states:::lambda:invoke") ? { Payload: {}, StatusCode: 200 } : {},
    }),
};

/** How a run ended: `ended` when the machine itself ended it (succeeded, failed, or its own `TimeoutSeconds`). */
export type RealworldEnd =
  | { readonly kind: "ended"; readonly status: ExecutionResult["status"]; readonly error?: string }
  | { readonly kind: "history-full" | "year-passed"; readonly events: number };

/** Runs one deployed definition with input `{}` and the generated mocks, on a virtual clock, with AWS's limits. */
export async function runRealworld(definition: unknown): Promise<RealworldEnd> {
  const machine = definition as StateMachineDefinition;
  const result = await executeStateMachine({
    definition: machine,
    input: "{}",
    stateMachineName: "realworld",
    executionName: "generated-mocks",
    clock: createVirtualClock(Date.UTC(2026, 0, 1)),
    invoker: generatedMocks,
    random: createSeededRandom(1),
    maxEvents: MAX_EVENTS,
    maxDurationMs: YEAR_MS,
  });
  if (result.status === "FAILED" && result.events.length >= MAX_EVENTS)
    return { kind: "history-full", events: result.events.length };
  if (result.status === "TIMED_OUT" && typeof machine.TimeoutSeconds !== "number")
    return { kind: "year-passed", events: result.events.length };
  return { kind: "ended", status: result.status, ...(result.error === undefined ? {} : { error: result.error }) };
}
