import type { MockConfig } from "./mock-config-invoker";
import { recordedTaskOutcomes } from "./recorded-task-outcomes";
import type { TaskOutcome } from "./task-invoker";
import type { AslHistoryEvent } from "./types";

type MockedResponse = MockConfig["MockedResponses"][string][string];

/** What {@link mockConfigFromRecording} names. */
export interface RecordingMockNames {
  /** The `StateMachines` key: the state machine's name. */
  readonly stateMachineName: string;
  /** The `TestCases` key: the execution's name. */
  readonly testCase: string;
}

function responseOf(outcome: TaskOutcome): MockedResponse {
  if (outcome.type === "success") return { Return: outcome.output };
  return {
    Throw: outcome.cause === undefined ? { Error: outcome.error } : { Error: outcome.error, Cause: outcome.cause },
  };
}

/**
 * An AWS Step Functions Local `MockConfigFile` reproducing a recorded execution's Task results,
 * attempt by attempt: `StateMachines.<name>.TestCases.<execution name>` maps each Task state the
 * history ran to a mocked response `<execution name>.<state>` whose invocations `"0"`, `"1"`, …
 * are its attempts in the order the history holds them (retries and Map iterations included),
 * successive equal answers merged into one range (`"1-2"`), as Step Functions Local writes them.
 * A success is its `Return` (the Task's raw result, before `ResultSelector`/`ResultPath`); a
 * failure or a time-out its `Throw` with `Error` and `Cause` (a time-out is thrown as
 * `States.Timeout`: the format has no way to make a mocked call run out of time portably).
 */
export function mockConfigFromRecording(events: readonly AslHistoryEvent[], names: RecordingMockNames): MockConfig {
  const testCase: Record<string, string> = {};
  const responses: MockConfig["MockedResponses"] = {};
  for (const [state, outcomes] of recordedTaskOutcomes(events)) {
    const responseName = `${names.testCase}.${state}`;
    testCase[state] = responseName;
    const byInvocation: Record<string, MockedResponse> = {};
    let from = 0;
    for (let i = 1; i <= outcomes.length; i++) {
      const current = responseOf(outcomes[from]!);
      const next = i < outcomes.length ? responseOf(outcomes[i]!) : undefined;
      if (next !== undefined && JSON.stringify(next) === JSON.stringify(current)) continue;
      byInvocation[from === i - 1 ? String(from) : `${from}-${i - 1}`] = current;
      from = i;
    }
    responses[responseName] = byInvocation;
  }
  return {
    StateMachines: { [names.stateMachineName]: { TestCases: { [names.testCase]: testCase } } },
    MockedResponses: responses,
  };
}
