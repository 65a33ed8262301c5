import { describe, expect, it } from "vitest";
import type { KnownContext } from "./data-flow-types";
import { reconstructDataFlow } from "./reconstruct-data-flow";
import type { RunEvent } from "./state-run-detail-types";

const ctx: KnownContext = {
  executionArn: "arn:aws:states:us-east-1:123456789012:execution:sm:run-1",
  executionName: "run-1",
  executionStartTime: "2026-11-20T08:00:00.000Z",
};
let nextId = 1;
const ev = (type: string, key: string, details: Record<string, unknown>): RunEvent => ({
  id: nextId,
  previousEventId: nextId++ - 1,
  timestamp: "2026-11-20T08:00:01.000Z",
  type,
  details: { [key]: details },
});
const str = (v: unknown) => JSON.stringify(v);

describe("reconstructDataFlow (JSONPath)", () => {
  const task = {
    Type: "Task",
    Resource: "arn:aws:states:::lambda:invoke",
    InputPath: "$.order",
    Parameters: { "id.$": "$.id", FunctionName: "charge" },
    ResultSelector: { "status.$": "$.Payload.status" },
    ResultPath: "$.charge",
    OutputPath: "$.charge",
  };
  const input = { order: { id: "o-1", total: 12 }, user: "u" };
  const events = [
    ev("TaskStateEntered", "stateEnteredEventDetails", {
      name: "Charge",
      input: str(input),
      inputDetails: { truncated: false },
    }),
    ev("TaskScheduled", "taskScheduledEventDetails", {
      resource: "invoke",
      resourceType: "lambda",
      parameters: str({ id: "o-1", FunctionName: "charge" }),
    }),
    ev("TaskSucceeded", "taskSucceededEventDetails", {
      output: str({ Payload: { status: "paid", extra: 1 }, StatusCode: 200 }),
      outputDetails: { truncated: false },
    }),
    ev("TaskStateExited", "stateExitedEventDetails", {
      name: "Charge",
      output: str({ status: "paid" }),
      outputDetails: { truncated: false },
    }),
  ];

  it("walks InputPath → Parameters → Result → ResultSelector → ResultPath → OutputPath with values, and checks them against the recorded output", () => {
    const flow = reconstructDataFlow(task, null, events, ctx);
    expect(flow?.steps.map((s) => [s.field, s.source])).toEqual([
      ["Input", "recorded"],
      ["InputPath", "computed"],
      ["Parameters", "recorded"],
      ["Result", "recorded"],
      ["ResultSelector", "computed"],
      ["ResultPath", "computed"],
      ["OutputPath", "computed"],
      ["Output", "recorded"],
    ]);
    const value = (f: string) => flow?.steps.find((s) => s.field === f)?.value;
    expect(value("InputPath")).toEqual({ id: "o-1", total: 12 });
    expect(value("Parameters")).toEqual({ id: "o-1", FunctionName: "charge" });
    expect(value("ResultSelector")).toEqual({ status: "paid" });
    // ResultPath writes into the raw input, not the InputPath-filtered one.
    expect(value("ResultPath")).toEqual({ ...input, charge: { status: "paid" } });
    expect(value("OutputPath")).toEqual({ status: "paid" });
    expect(flow?.outputMatchesRecorded).toBe(true);
  });

  it("says when the computed output differs from what Step Functions recorded", () => {
    const other = [
      ...events.slice(0, 3),
      ev("TaskStateExited", "stateExitedEventDetails", { name: "Charge", output: str({ status: "refunded" }) }),
    ];
    expect(reconstructDataFlow(task, null, other, ctx)?.outputMatchesRecorded).toBe(false);
  });

  it("computes a Pass state's Parameters, and marks unknown (with why) what needs unrecorded variables or a truncated input", () => {
    const pass = {
      Type: "Pass",
      Parameters: { "who.$": "$.user", "when.$": "$$.Execution.StartTime" },
      ResultPath: "$.p",
    };
    const passEvents = [ev("PassStateEntered", "stateEnteredEventDetails", { name: "P", input: str({ user: "ann" }) })];
    const flow = reconstructDataFlow(pass, null, passEvents, ctx);
    expect(flow?.steps.find((s) => s.field === "Parameters")?.value).toEqual({
      who: "ann",
      when: ctx.executionStartTime,
    });
    expect(flow?.steps.find((s) => s.field === "ResultPath")?.value).toEqual({
      user: "ann",
      p: { who: "ann", when: ctx.executionStartTime },
    });

    const usesVar = reconstructDataFlow({ Type: "Pass", Parameters: { "x.$": "$total" } }, null, passEvents, ctx);
    const param = usesVar?.steps.find((s) => s.field === "Parameters");
    expect(param?.source).toBe("unknown");
    expect(param?.note).toMatch(/total/);

    const uuid = reconstructDataFlow({ Type: "Pass", Parameters: { "id.$": "States.UUID()" } }, null, passEvents, ctx);
    expect(uuid?.steps.find((s) => s.field === "Parameters")?.note).toMatch(/States\.UUID/);

    const truncated = [
      ev("PassStateEntered", "stateEnteredEventDetails", {
        name: "P",
        input: '{"us',
        inputDetails: { truncated: true },
      }),
    ];
    const t = reconstructDataFlow(pass, null, truncated, ctx);
    expect(t?.steps[0]?.source).toBe("unknown");
    expect(t?.steps.find((s) => s.field === "Parameters")?.note).toMatch(/input was not recorded/);
  });

  it("resolves a $variable an earlier state assigned (seen by this run), and only that one", () => {
    const passEvents = [ev("PassStateEntered", "stateEnteredEventDetails", { name: "P", input: str({ user: "ann" }) })];
    const pass = { Type: "Pass", Parameters: { "x.$": "$total", "first.$": "$items[0].sku", "who.$": "$.user" } };
    const seen = [
      { name: "total", value: 42 },
      { name: "items", value: [{ sku: "A-1" }] },
    ];
    const flow = reconstructDataFlow(pass, null, passEvents, ctx, seen);
    const param = flow?.steps.find((s) => s.field === "Parameters");
    expect(param?.source).not.toBe("unknown");
    expect(param?.value).toEqual({ x: 42, first: "A-1", who: "ann" });
    // One not seen stays unknown, with its name.
    const unseen = reconstructDataFlow({ Type: "Pass", Parameters: { "y.$": "$other" } }, null, passEvents, ctx, seen);
    expect(unseen?.steps.find((s) => s.field === "Parameters")?.note).toMatch(/other/);
  });

  it("reads assigned variables from StateExited", () => {
    const flow = reconstructDataFlow(
      { Type: "Pass", Assign: { "n.$": "$.n" } },
      null,
      [
        ev("PassStateEntered", "stateEnteredEventDetails", { name: "P", input: str({ n: 3 }) }),
        ev("PassStateExited", "stateExitedEventDetails", {
          name: "P",
          output: str({ n: 3 }),
          assignedVariables: { n: "3", label: '"three"' },
        }),
      ],
      ctx,
    );
    expect(flow?.variables).toEqual([
      { name: "n", value: 3 },
      { name: "label", value: "three" },
    ]);
  });
});

describe("reconstructDataFlow (JSONata)", () => {
  it("shows Arguments, Result and Output as recorded", () => {
    const state = {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Arguments: { Payload: "{% $states.input %}" },
      Output: "{% $states.result.Payload %}",
    };
    const flow = reconstructDataFlow(
      state,
      "JSONata",
      [
        ev("TaskStateEntered", "stateEnteredEventDetails", { name: "T", input: str({ a: 1 }) }),
        ev("TaskScheduled", "taskScheduledEventDetails", { parameters: str({ Payload: { a: 1 } }) }),
        ev("TaskSucceeded", "taskSucceededEventDetails", { output: str({ Payload: { b: 2 } }) }),
        ev("TaskStateExited", "stateExitedEventDetails", { name: "T", output: str({ b: 2 }) }),
      ],
      ctx,
    );
    expect(flow?.queryLanguage).toBe("JSONata");
    expect(flow?.steps.map((s) => [s.field, s.value])).toEqual([
      ["Input", { a: 1 }],
      ["Arguments", { Payload: { a: 1 } }],
      ["Result", { Payload: { b: 2 } }],
      ["Output", { b: 2 }],
    ]);
    expect(flow?.steps[1]?.expression).toEqual({ Payload: "{% $states.input %}" });
  });

  it("is null without a state definition", () => {
    expect(reconstructDataFlow(null, null, [], ctx)).toBeNull();
  });
});
