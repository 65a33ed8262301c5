import { describe, expect, it } from "vitest";
import { createVirtualClock } from "../clock";
import { executeStateMachine } from "../execute-state-machine";
import { createSeededRandom } from "../seeded-random";
import type { TaskInvoker } from "../task-invoker";
import type { JsonObject, StateMachineDefinition } from "../types";

const lambda = "arn:aws:lambda:us-east-1:111111111111:function:f";
const answers: TaskInvoker = { invoke: () => Promise.resolve({ type: "success", output: { ok: true } }) };

function run(state: JsonObject, input: unknown, catchRuntime = false) {
  const definition = {
    StartAt: "S",
    States: {
      S: {
        ...state,
        ...(state["Type"] === "Fail" ? {} : { End: true }),
        ...(catchRuntime ? { Catch: [{ ErrorEquals: ["States.Runtime"], Next: "Caught" }] } : {}),
      },
      Caught: { Type: "Pass", End: true },
    },
  } as unknown as StateMachineDefinition;
  return executeStateMachine({
    definition,
    input: JSON.stringify(input),
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(0),
    invoker: answers,
    random: createSeededRandom(1),
  });
}

const PREFIX = `An error occurred while executing the state 'S' (entered at the event id #2). `;
const inlineMap = (extra: JsonObject): JsonObject => ({
  Type: "Map",
  ItemsPath: "$.items",
  ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
  ...extra,
});
const batchMap = (batcher: JsonObject): JsonObject => ({
  Type: "Map",
  ItemProcessor: {
    ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
    StartAt: "P",
    States: { P: { Type: "Pass", End: true } },
  },
  ItemsPath: "$.items",
  ItemBatcher: batcher,
});

/** [field, state, input, the cause after AWS's prefix]: every `*Path` fault fails with States.Runtime at the state. */
const cases: readonly [string, JsonObject, unknown, string][] = [
  [
    "InputPath missing",
    { Type: "Pass", InputPath: "$.a.b" },
    { a: {} },
    "Invalid path '$.a.b' : Missing property in path $['a']['b']",
  ],
  [
    "OutputPath missing",
    { Type: "Pass", OutputPath: "$.x" },
    {},
    "Invalid path '$.x' : Missing property in path $['x']",
  ],
  [
    "ItemsPath missing",
    inlineMap({ ItemsPath: "$.items" }),
    {},
    "Invalid path '$.items' : Missing property in path $['items']",
  ],
  [
    "ItemsPath not an array",
    inlineMap({ ItemsPath: "$.items" }),
    { items: { a: 1 } },
    'Map state input must be an array but was: {"a":1}',
  ],
  [
    "SecondsPath missing",
    { Type: "Wait", SecondsPath: "$.s" },
    {},
    "The SecondsPath parameter does not reference an input value: $.s",
  ],
  [
    "SecondsPath text",
    { Type: "Wait", SecondsPath: "$.s" },
    { s: "5" },
    "The SecondsPath parameter cannot be parsed as a long value: $.s == 5",
  ],
  [
    "SecondsPath negative",
    { Type: "Wait", SecondsPath: "$.s" },
    { s: -3 },
    "The SecondsPath parameter references a negative value: $.s == -3",
  ],
  [
    "TimestampPath missing",
    { Type: "Wait", TimestampPath: "$.t" },
    {},
    "The TimestampPath parameter does not reference an input value: $.t",
  ],
  [
    "TimestampPath not ISO-8601",
    { Type: "Wait", TimestampPath: "$.t" },
    { t: "2026-01-01 10:00" },
    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2026-01-01 10:00",
  ],
  [
    "TimeoutSecondsPath missing",
    { Type: "Task", Resource: lambda, TimeoutSecondsPath: "$.t" },
    {},
    "The TimeoutSecondsPath parameter does not reference an input value: $.t",
  ],
  [
    "TimeoutSecondsPath fraction",
    { Type: "Task", Resource: lambda, TimeoutSecondsPath: "$.t" },
    { t: 2.5 },
    "The TimeoutSecondsPath parameter cannot be parsed as a long value: $.t == 2.5",
  ],
  [
    "HeartbeatSecondsPath zero",
    { Type: "Task", Resource: lambda, HeartbeatSecondsPath: "$.h" },
    { h: 0 },
    "The HeartbeatSecondsPath parameter references a non-positive value: $.h == 0",
  ],
  [
    "ErrorPath missing",
    { Type: "Fail", ErrorPath: "$.e" },
    {},
    "The ErrorPath parameter does not reference an input value: $.e",
  ],
  [
    "CausePath not a string",
    { Type: "Fail", CausePath: "$.c" },
    { c: { a: 1 } },
    'The CausePath parameter does not reference a string value: $.c == {"a":1}',
  ],
  [
    "MaxConcurrencyPath missing",
    inlineMap({ MaxConcurrencyPath: "$.m" }),
    { items: [1] },
    "The MaxConcurrencyPath field does not reference an input value: $.m",
  ],
  [
    "MaxConcurrencyPath not an integer",
    inlineMap({ MaxConcurrencyPath: "$.m" }),
    { items: [1], m: "two" },
    'The MaxConcurrencyPath field refers to value "two" which is not a valid integer: $.m',
  ],
  [
    "MaxConcurrencyPath negative",
    inlineMap({ MaxConcurrencyPath: "$.m" }),
    { items: [1], m: -1 },
    "MaxConcurrency cannot be negative.",
  ],
  [
    "ToleratedFailureCountPath object",
    inlineMap({ ToleratedFailureCountPath: "$.n" }),
    { items: [1], n: {} },
    'The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.n',
  ],
  [
    "ToleratedFailureCountPath negative",
    inlineMap({ ToleratedFailureCountPath: "$.n" }),
    { items: [1], n: "-2" },
    "ToleratedFailureCount cannot be negative.",
  ],
  [
    "ToleratedFailurePercentagePath text",
    inlineMap({ ToleratedFailurePercentagePath: "$.p" }),
    { items: [1], p: "half" },
    'The ToleratedFailurePercentagePath field refers to value "half" which is not a valid float: $.p',
  ],
  [
    "ToleratedFailurePercentagePath over 100",
    inlineMap({ ToleratedFailurePercentagePath: "$.p" }),
    { items: [1], p: 100.5 },
    "ToleratedFailurePercentage must be between 0 and 100.",
  ],
  [
    "MaxItemsPerBatchPath zero",
    batchMap({ MaxItemsPerBatchPath: "$.b" }),
    { items: [1], b: 0 },
    "MaxItemsPerBatch must be positive.",
  ],
  [
    "MaxInputBytesPerBatchPath missing",
    batchMap({ MaxInputBytesPerBatchPath: "$.b" }),
    { items: [1] },
    "The MaxInputBytesPerBatchPath field does not reference an input value: $.b",
  ],
];

describe("a *Path field that resolves to nothing, or to a value of the wrong type or range", () => {
  it.each(cases)(
    "%s: States.Runtime in AWS's words, the execution failing right after the state was entered",
    async (field, state, input, cause) => {
      const result = await run(state, input);
      expect(result.status).toBe("FAILED");
      expect(result.error).toBe("States.Runtime");
      expect(result.cause).toBe(PREFIX + cause);
      const types = result.events.map((e) => e.type);
      expect(types[1]).toBe(`${String(state["Type"])}StateEntered`);
      // No state-exited event and no task scheduled: the state fails where it reads the path; a Map
      // reads its numbers after MapStateStarted, before any iteration or Map Run (as AWS records it).
      const mapNumber = /^(Max|Tolerated)/.test(field);
      expect(types.slice(2)).toEqual(mapNumber ? ["MapStateStarted", "ExecutionFailed"] : ["ExecutionFailed"]);
    },
  );

  it("a Catch naming States.Runtime does not catch it (AWS never catches States.Runtime)", async () => {
    const result = await run({ Type: "Task", Resource: lambda, TimeoutSecondsPath: "$.s" }, {}, true);
    expect(result.status).toBe("FAILED");
    expect(result.cause).toBe(`${PREFIX}The TimeoutSecondsPath parameter does not reference an input value: $.s`);
  });

  it("values of the right type pass: integer text for the Map's numbers, ISO-8601 for TimestampPath, an intrinsic for ErrorPath", async () => {
    expect((await run(inlineMap({ MaxConcurrencyPath: "$.m" }), { items: [1, 2], m: "2" })).status).toBe("SUCCEEDED");
    expect((await run({ Type: "Wait", TimestampPath: "$.t" }, { t: "1970-01-01T00:00:10Z" })).status).toBe("SUCCEEDED");
    const failed = await run(
      { Type: "Fail", ErrorPath: "States.Format('E{}', $.n)", CausePath: "$.c" },
      { n: 1, c: "why" },
    );
    expect([failed.error, failed.cause]).toEqual(["E1", "why"]);
  });
});
