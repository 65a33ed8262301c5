import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createMachine, refusal, roleArn, sfnClientFor, endpointTestTimeoutMs } from "@/test/sfn-endpoint-kit";
import { startSfnEndpoint, type SfnEndpoint } from "./sfn-endpoint-server";

let db: TestDatabase;
let endpoint: SfnEndpoint;
let sfn: SFNClient;

beforeAll(async () => {
  db = await createTestDatabase();
  // 1000× faster: Express's 5-minute limit is 300 ms.
  endpoint = await startSfnEndpoint({ db, timeScale: 1000 });
  sfn = sfnClientFor(endpoint.url);
});
afterAll(async () => {
  await endpoint.close();
  await db.drop();
});

const pass = { StartAt: "P", States: { P: { Type: "Pass", Result: { ok: 1 }, End: true } } };
const expressArn = /^arn:aws:states:us-east-1:123456789012:express:(\w+):(\w+):[0-9a-f-]{36}$/;

describe("Express state machines on the endpoint", { timeout: endpointTestTimeoutMs }, () => {
  it("gives Express executions `express:` ARNs, unique even for one name, and answers StartSyncExecution with the end", async () => {
    const arn = await createMachine(sfn, "fast", pass, "EXPRESS");
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "same" }));
    const second = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "same" }));
    expect(first.executionArn).toMatch(expressArn);
    expect(second.executionArn).toMatch(expressArn);
    expect(second.executionArn).not.toBe(first.executionArn);

    const sync = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, name: "s1", input: '{"a":1}' }));
    expect(sync).toMatchObject({ status: "SUCCEEDED", output: '{"ok":1}', name: "s1", input: '{"a":1}' });
    expect(sync.executionArn).toMatch(expressArn);
    expect(sync.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);

    // Every Express execution is on the dashboard under the local-endpoint source.
    await vi.waitFor(async () => {
      const stored = await db.pool.query<{ status: string }>(
        `SELECT e.status FROM executions e JOIN sources s ON s.id = e.source_id
          WHERE s.name = 'local-endpoint' AND e.execution_arn = ANY($1)`,
        [[first.executionArn, second.executionArn, sync.executionArn]],
      );
      expect(stored.rows.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    }, 60_000);
  });

  it("answers a failed StartSyncExecution with its error and cause, and times an Express execution out at 5 minutes", async () => {
    const failing = await createMachine(
      sfn,
      "failing",
      { StartAt: "F", States: { F: { Type: "Fail", Error: "Nope", Cause: "by design" } } },
      "EXPRESS",
    );
    expect(await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: failing }))).toMatchObject({
      status: "FAILED",
      error: "Nope",
      cause: "by design",
    });
    const slow = await createMachine(
      sfn,
      "slow",
      { StartAt: "W", States: { W: { Type: "Wait", Seconds: 600, End: true } } },
      "EXPRESS",
    );
    const timedOut = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: slow }));
    expect(timedOut).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout" });
    // 5 minutes of the execution's clock (300 ms of the wall clock here).
    const lasted = timedOut.stopDate!.getTime() - timedOut.startDate!.getTime();
    expect(lasted).toBeGreaterThanOrEqual(300_000);
    expect(lasted).toBeLessThan(330_000);
  });

  it("refuses the Standard-only operations for Express executions as AWS does", async () => {
    const arn = await createMachine(sfn, "refusing", pass, "EXPRESS");
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const notInContext = {
      name: "InvalidArn",
      message: "Invalid Arn: 'Resource type not valid in this context: express'",
    };
    expect(await refusal(sfn.send(new DescribeExecutionCommand({ executionArn })))).toEqual(notInContext);
    expect(await refusal(sfn.send(new GetExecutionHistoryCommand({ executionArn })))).toEqual(notInContext);
    expect(await refusal(sfn.send(new StopExecutionCommand({ executionArn })))).toEqual(notInContext);
    expect(await refusal(sfn.send(new ListExecutionsCommand({ stateMachineArn: arn })))).toEqual({
      name: "StateMachineTypeNotSupported",
      message: "This operation is not supported by this type of state machine",
    });
  });

  it("refuses Express definitions with callbacks, .sync jobs or activities, naming the Resource's path", async () => {
    const callback = {
      StartAt: "Fan",
      States: {
        Fan: {
          Type: "Parallel",
          End: true,
          Branches: [
            {
              StartAt: "Ask",
              States: {
                Ask: {
                  Type: "Task",
                  Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  Parameters: { QueueUrl: "q", "MessageBody.$": "$$.Task.Token" },
                  End: true,
                },
              },
            },
          ],
        },
      },
    };
    expect(
      await refusal(
        sfn.send(
          new CreateStateMachineCommand({
            name: "callback",
            type: "EXPRESS",
            roleArn,
            definition: JSON.stringify(callback),
          }),
        ),
      ),
    ).toEqual({
      name: "InvalidDefinition",
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at /States/Fan/Branches/0/States/Ask/Resource'",
    });
    // The same definition is a valid Standard one.
    expect(await createMachine(sfn, "callback", callback)).toMatch(/:stateMachine:callback$/);

    const activity = {
      StartAt: "A",
      States: { A: { Type: "Task", Resource: "arn:aws:states:us-east-1:123456789012:activity:x", End: true } },
    };
    const validated = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(activity), type: "EXPRESS" }),
    );
    expect(validated).toMatchObject({
      result: "FAIL",
      diagnostics: [
        {
          severity: "ERROR",
          code: "SCHEMA_VALIDATION_FAILED",
          message: "Express state machine does not support Activity ARN",
          location: "/States/A/Resource",
        },
      ],
    });
  });
});
