import { describe, expect, it } from "vitest";
import { createVirtualClock } from "../clock";
import { executeStateMachine } from "../execute-state-machine";
import { createSeededRandom } from "../seeded-random";
import type { StateMachineDefinition } from "../types";
import { EXPRESS_MAX_DURATION_MS, isExpressExecutionArn } from "./express-execution";
import { validateDefinitionFor } from "./validate-for-type";

const run = (definition: unknown, maxDurationMs = EXPRESS_MAX_DURATION_MS) =>
  executeStateMachine({
    definition: definition as StateMachineDefinition,
    input: '{"n":1}',
    stateMachineName: "signup",
    executionName: "e1",
    type: "EXPRESS",
    executionId: "0f5b3c9e-2a44-4f5e-8c7d-1b2a3c4d5e6f",
    clock: createVirtualClock(Date.parse("2026-12-04T10:00:00Z")),
    invoker: { invoke: () => Promise.resolve({ type: "success", output: {} }) },
    random: createSeededRandom(1),
    maxDurationMs,
  });

describe("an Express execution in the interpreter", () => {
  it("has an express: ARN ending in its id, also as $$.Execution.Id", async () => {
    const result = await run({
      StartAt: "Id",
      States: { Id: { Type: "Pass", Parameters: { "id.$": "$$.Execution.Id" }, End: true } },
    });
    const arn = "arn:aws:states:us-east-1:111111111111:express:signup:e1:0f5b3c9e-2a44-4f5e-8c7d-1b2a3c4d5e6f";
    expect(result.executionArn).toBe(arn);
    expect(isExpressExecutionArn(result.executionArn)).toBe(true);
    expect(JSON.parse(result.output ?? "null")).toEqual({ id: arn });
  });

  it("times out at 5 minutes with ExecutionTimedOut (States.Timeout), a longer TimeoutSeconds included", async () => {
    for (const timeout of [undefined, 3600]) {
      const result = await run({
        StartAt: "Wait",
        ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
        States: { Wait: { Type: "Wait", Seconds: 400, End: true } },
      });
      expect(result.status).toBe("TIMED_OUT");
      const last = result.events.at(-1);
      expect(last).toMatchObject({
        type: "ExecutionTimedOut",
        executionTimedOutEventDetails: { error: "States.Timeout" },
      });
      expect(Date.parse(last?.timestamp ?? "") - Date.parse(result.events[0]?.timestamp ?? "")).toBe(300_000);
    }
  });

  it("keeps a shorter TimeoutSeconds", async () => {
    const result = await run({
      StartAt: "W",
      TimeoutSeconds: 60,
      States: { W: { Type: "Wait", Seconds: 120, End: true } },
    });
    const span = Date.parse(result.events.at(-1)?.timestamp ?? "") - Date.parse(result.events[0]?.timestamp ?? "");
    expect([result.status, span]).toEqual(["TIMED_OUT", 60_000]);
  });
});

describe("validateDefinitionFor", () => {
  const task = (resource: string) => ({ Type: "Task", Resource: resource, End: true });

  it("refuses in an Express definition activities, .sync and .waitForTaskToken, with AWS's message and the Resource's path", () => {
    const definition = {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          Next: "Act",
          Branches: [{ StartAt: "Run", States: { Run: task("arn:aws:states:::states:startExecution.sync:2") } }],
        },
        Act: { ...task("arn:aws:states:us-east-1:111111111111:activity:approve"), End: undefined, Next: "Ask" },
        Ask: task("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
      },
    };
    const result = validateDefinitionFor(definition, "EXPRESS");
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: "/States/P/Branches/0/States/Run/Resource",
        message: "Express state machine does not support '.sync' service integration",
      },
      { path: "/States/Act/Resource", message: "Express state machine does not support Activity ARN" },
      {
        path: "/States/Ask/Resource",
        message: "Express state machine does not support '.waitForTaskToken' service integration",
      },
    ]);
    expect(validateDefinitionFor(definition, "STANDARD").ok).toBe(true);
  });

  it("refuses them in a Standard definition's Distributed Map whose children are Express, not in Standard children", () => {
    const map = (executionType: string) => ({
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          End: true,
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: executionType },
            StartAt: "Job",
            States: { Job: task("arn:aws:states:::glue:startJobRun.sync") },
          },
        },
      },
    });
    const express = validateDefinitionFor(map("EXPRESS"), "STANDARD");
    expect(express.ok ? [] : express.errors).toEqual([
      {
        path: "/States/M/ItemProcessor/States/Job/Resource",
        message: "Express state machine does not support '.sync' service integration",
      },
    ]);
    expect(validateDefinitionFor(map("STANDARD"), "STANDARD").ok).toBe(true);
  });

  it("accepts request-response integrations and Lambda ARNs in Express", () => {
    const definition = {
      StartAt: "A",
      States: {
        A: { ...task("arn:aws:states:::lambda:invoke"), End: undefined, Next: "B" },
        B: task("arn:aws:lambda:us-east-1:111111111111:function:f"),
      },
    };
    expect(validateDefinitionFor(definition, "EXPRESS").ok).toBe(true);
  });
});
