import { z } from "zod";
import type { TaskInvoker, TaskOutcome } from "./task-invoker";
import type { Json } from "./types";

// `Throw` first: an object with `Throw` would also satisfy the `Return` shape (`Return` may be absent).
// `Delay` (a Stepscope extension, milliseconds, ≥ 0): how long the mocked call takes, counted
// against the Task's TimeoutSeconds/HeartbeatSeconds.
// A Delay is at most a year: no Standard execution runs longer (AWS's maximum execution time), and
// a larger one would push the clock past the dates JavaScript can represent.
const maxDelayMs = 365 * 86_400_000;
const delaySchema = z
  .number()
  .nonnegative()
  .max(maxDelayMs, `Delay is at most ${maxDelayMs} ms (one year, the longest an execution runs)`)
  .optional();
const mockedResponseSchema = z.union([
  z.object({ Throw: z.object({ Error: z.string(), Cause: z.string().optional() }), Delay: delaySchema }),
  z.object({ Return: z.unknown(), Delay: delaySchema }),
]);

/** An AWS Step Functions Local `MockConfigFile.json`: `StateMachines.<name>.TestCases.<case>.<state>` → `MockedResponses.<name>."0"|"1-2"`. */
export const mockConfigSchema = z.object({
  StateMachines: z.record(z.string(), z.object({ TestCases: z.record(z.string(), z.record(z.string(), z.string())) })),
  MockedResponses: z.record(z.string(), z.record(z.string(), mockedResponseSchema)),
});

/** A parsed `MockConfigFile.json`. */
export type MockConfig = z.infer<typeof mockConfigSchema>;

function responseFor(
  responses: MockConfig["MockedResponses"][string],
  invocation: number,
): z.infer<typeof mockedResponseSchema> | undefined {
  for (const [key, response] of Object.entries(responses)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(key);
    if (range === null) continue;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (invocation >= from && invocation <= to) return response;
  }
  return undefined;
}

/**
 * A {@link TaskInvoker} answering from a mock config's test case. Invocations are counted
 * per state (retries included) from 0, as Step Functions Local counts them; a state the test
 * case does not name is left unresolved (`null`), and an exhausted mock fails the task.
 */
export function createMockConfigInvoker(config: MockConfig, stateMachine: string, testCase: string): TaskInvoker {
  const mocks = config.StateMachines[stateMachine]?.TestCases[testCase];
  const counts = new Map<string, number>();
  return {
    invoke(invocation) {
      const responseName = mocks?.[invocation.stateName];
      if (responseName === undefined) return Promise.resolve(null);
      const n = counts.get(invocation.stateName) ?? 0;
      counts.set(invocation.stateName, n + 1);
      const responses = config.MockedResponses[responseName];
      const response = responses === undefined ? undefined : responseFor(responses, n);
      let outcome: TaskOutcome;
      if (response === undefined) {
        outcome = {
          type: "failure",
          error: "States.TaskFailed",
          cause: `The mocked response '${responseName}' has no answer for invocation ${n} of state '${invocation.stateName}'`,
        };
      } else if ("Throw" in response) {
        outcome =
          response.Throw.Cause === undefined
            ? { type: "failure", error: response.Throw.Error }
            : { type: "failure", error: response.Throw.Error, cause: response.Throw.Cause };
      } else {
        outcome = { type: "success", output: (response.Return ?? null) as Json };
      }
      if (response?.Delay !== undefined) outcome = { ...outcome, durationMs: response.Delay };
      return Promise.resolve(outcome);
    },
  };
}
