import { TestStateCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { writeMockConfigFile } from "@/test/sfn-endpoint-fixtures";
import * as kit from "@/test/sfn-endpoint-kit";

const mockConfigFile = writeMockConfigFile();
const world = kit.useSfnEndpoint({ timeScale: 100, mockConfigFile });

const { roleArn } = kit;

describe("the Step Functions endpoint's TestState", { timeout: kit.endpointTestTimeoutMs }, () => {
  it("tests one state with TestState: a mocked Task's output and next state, a retriable error, a caught one, a Choice", async () => {
    const charge = {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: "charge", "Payload.$": "$" },
      ResultSelector: { "id.$": "$.Payload.id" },
      ResultPath: "$.charge",
      Retry: [{ ErrorEquals: ["Busy"], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Refund" }],
      Next: "Ship",
    };
    const ok = await world.sfn.send(
      new TestStateCommand({
        definition: JSON.stringify(charge),
        roleArn,
        input: '{"order":1}',
        inspectionLevel: "DEBUG",
        mock: { result: '{"Payload":{"id":"ch_1"}}' },
      }),
    );
    expect(ok).toMatchObject({ status: "SUCCEEDED", nextState: "Ship" });
    expect(JSON.parse(ok.output!)).toEqual({ order: 1, charge: { id: "ch_1" } });
    expect(ok.inspectionData?.input).toBe('{"order":1}');

    const busy = {
      definition: JSON.stringify(charge),
      roleArn,
      mock: { errorOutput: { error: "Busy", cause: "later" } },
    };
    expect(await world.sfn.send(new TestStateCommand(busy))).toMatchObject({
      status: "RETRIABLE",
      error: "Busy",
      cause: "later",
    });
    const exhausted = await world.sfn.send(
      new TestStateCommand({ ...busy, input: '{"order":2}', stateConfiguration: { retrierRetryCount: 2 } }),
    );
    expect(exhausted).toMatchObject({ status: "CAUGHT_ERROR", error: "Busy", nextState: "Refund" });
    expect(JSON.parse(exhausted.output!)).toEqual({ order: 2, error: { Error: "Busy", Cause: "later" } });

    const choice = {
      Type: "Choice",
      Choices: [{ Variable: "$.n", NumericGreaterThan: 10, Next: "Big" }],
      Default: "Small",
    };
    const chosen = await world.sfn.send(
      new TestStateCommand({ definition: JSON.stringify(choice), roleArn, input: '{"n":11}' }),
    );
    expect(chosen).toMatchObject({ status: "SUCCEEDED", nextState: "Big" });
    const failed = await world.sfn.send(
      new TestStateCommand({ definition: JSON.stringify({ Type: "Fail", Error: "E", Cause: "C" }), roleArn }),
    );
    expect(failed).toMatchObject({ status: "FAILED", error: "E", cause: "C" });
  });
});
