import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TestStateCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCommand } from "@/lib/cli/run-command";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import * as kit from "@/test/sfn-endpoint-kit";
import { interruptedCause } from "./interrupted-executions";
import { startSfnEndpoint, type SfnEndpoint } from "./sfn-endpoint-server";

const dir = mkdtempSync(path.join(tmpdir(), "sfn-endpoint-"));
const mockConfigFile = path.join(dir, "MockConfigFile.json");

/** A Task retried once (mocked), then a 2-second Wait: 20 ms at the test's time scale of 100. */
const orderDefinition = {
  StartAt: "Charge",
  States: {
    Charge: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:123456789012:function:charge",
      Retry: [{ ErrorEquals: ["Busy"], IntervalSeconds: 1, MaxAttempts: 2 }],
      ResultPath: "$.charge",
      Next: "Ship",
    },
    Ship: { Type: "Wait", Seconds: 2, Next: "Done" },
    Done: { Type: "Pass", Result: "shipped", ResultPath: "$.shipping", End: true },
  },
};
const mockConfig = {
  StateMachines: { order: { TestCases: { BusyThenCharged: { Charge: "ChargeBusyOnce" } } } },
  MockedResponses: {
    ChargeBusyOnce: {
      "0": { Throw: { Error: "Busy", Cause: "try again" } },
      "1": { Return: { chargeId: "ch_1" } },
    },
  },
};
/** Waits for a callback (`.waitForTaskToken`). */
const callbackDefinition = {
  StartAt: "Approve",
  States: {
    Approve: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      Parameters: {
        QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
        MessageBody: { "token.$": "$$.Task.Token", "input.$": "$" },
      },
      Next: "Done",
    },
    Done: { Type: "Succeed" },
  },
};

let db: TestDatabase;
let endpoint: SfnEndpoint;
let sfn: SFNClient;

async function start(): Promise<void> {
  endpoint = await startSfnEndpoint({ db, timeScale: 100, mockConfigFile });
  sfn = kit.sfnClientFor(endpoint.url);
}

beforeAll(async () => {
  writeFileSync(mockConfigFile, JSON.stringify(mockConfig));
  db = await createTestDatabase();
  await start();
});
afterAll(async () => {
  await endpoint.close();
  await db.drop();
});

const createMachine = (name: string, definition: unknown, type?: "EXPRESS") =>
  kit.createMachine(sfn, name, definition, type);
const waitForStatus = (executionArn: string, status: string) => kit.waitForStatus(sfn, executionArn, status);
const historyOf = (executionArn: string, maxResults?: number) => kit.historyOf(sfn, executionArn, maxResults);
const waitForToken = (executionArn: string) => kit.waitForToken(sfn, executionArn);
const { refusal, roleArn } = kit;

describe("the Step Functions endpoint, through @aws-sdk/client-sfn", { timeout: kit.endpointTestTimeoutMs }, () => {
  it("creates, describes, lists, updates with versions and deletes state machines", async () => {
    const arn = await createMachine("crud", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    expect(arn).toBe("arn:aws:states:us-east-1:123456789012:stateMachine:crud");
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name: "crud", status: "ACTIVE", type: "STANDARD", roleArn });
    expect(described.creationDate).toBeInstanceOf(Date);
    // The same create again is answered as the first (AWS's idempotency).
    expect(await createMachine("crud", { StartAt: "P", States: { P: { Type: "Pass", End: true } } })).toBe(arn);

    const updated = await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: JSON.stringify({ StartAt: "Q", States: { Q: { Type: "Pass", End: true } } }),
        publish: true,
        versionDescription: "v1",
      }),
    );
    expect(updated.stateMachineVersionArn).toBe(`${arn}:1`);
    const version = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
    expect(JSON.parse(version.definition!)).toMatchObject({ StartAt: "Q" });
    const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:1`]);

    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1, nextToken }));
      names.push(...(page.stateMachines ?? []).map((m) => m.name!));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(names).toContain("crud");

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    const gone = await refusal(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
    expect(gone).toEqual({ name: "StateMachineDoesNotExist", message: `State Machine Does Not Exist: '${arn}'` });
  });

  it("runs an execution in the background to its end, with the history `stepscope run` prints for the same definition and mocks", async () => {
    const arn = await createMachine("order", orderDefinition);
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: `${arn}#BusyThenCharged`, name: "e1", input: '{"id":1}' }),
    );
    expect(started.executionArn).toBe("arn:aws:states:us-east-1:123456789012:execution:order:e1");
    await waitForStatus(started.executionArn!, "SUCCEEDED");
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(JSON.parse(described.output!)).toEqual({ id: 1, charge: { chargeId: "ch_1" }, shipping: "shipped" });

    // Page by page (3 a page), as the SDK's callers read it.
    const events = await historyOf(started.executionArn!, 3);
    const definitionFile = path.join(dir, "order.asl.json");
    writeFileSync(definitionFile, JSON.stringify(orderDefinition));
    let out = "";
    const write = vi
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    const code = await runCommand([
      definitionFile,
      "--input",
      '{"id":1}',
      "--mock-config",
      mockConfigFile,
      "--test-case",
      "BusyThenCharged",
      "--name",
      "e1",
    ]).finally(() => write.mockRestore());
    expect(code).toBe(0);
    const expected = (JSON.parse(out) as { events: Record<string, unknown>[] }).events;
    // Identical apart from times and the role (the state machine's here, the CLI's default there).
    const comparable = (e: object) =>
      JSON.parse(
        JSON.stringify(e, (key, value: unknown) => (key === "timestamp" || key === "roleArn" ? undefined : value)),
      ) as unknown;
    expect(events.map(comparable)).toEqual(expected.map(comparable));
    expect(events.map((e) => e.type)).toContain("WaitStateExited");
    // The Wait took its 2 seconds of the execution's clock (20 ms at the time scale of 100).
    const waitEntered = events.find((e) => e.type === "WaitStateEntered")!.timestamp!.getTime();
    const waitExited = events.find((e) => e.type === "WaitStateExited")!.timestamp!.getTime();
    expect(waitExited - waitEntered).toBeGreaterThanOrEqual(2000);

    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: started.executionArn,
        reverseOrder: true,
        includeExecutionData: false,
      }),
    );
    expect(reversed.events?.map((e) => e.id)).toEqual(events.map((e) => e.id).reverse());
    expect(reversed.events?.at(-1)?.executionStartedEventDetails?.input).toBeUndefined();
    expect(events[0]?.executionStartedEventDetails?.input).toBe('{"id":1}');

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: "SUCCEEDED" }));
    expect(listed.executions?.map((e) => e.name)).toEqual(["e1"]);

    // The execution is on the dashboard under the local-endpoint source, with the same events.
    const stored = await db.pool.query<{ source: string; status: string; events: number }>(
      `SELECT s.name AS source, e.status, (SELECT count(*)::int FROM history_events h WHERE h.execution_id = e.id) AS events
         FROM executions e JOIN sources s ON s.id = e.source_id WHERE e.execution_arn = $1`,
      [started.executionArn],
    );
    expect(stored.rows).toEqual([{ source: "local-endpoint", status: "SUCCEEDED", events: events.length }]);
  });

  it("round-trips a task token: the execution waits for SendTaskSuccess and goes on with its output", async () => {
    const arn = await createMachine("approval", callbackDefinition);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: "a1", input: '{"order":7}' }),
    );
    const token = await waitForToken(executionArn!);
    // While it waits, it is RUNNING here and on the dashboard.
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(running.status).toBe("RUNNING");
    await vi.waitFor(async () => {
      const stored = await db.pool.query<{ status: string }>("SELECT status FROM executions WHERE execution_arn = $1", [
        executionArn,
      ]);
      expect(stored.rows[0]?.status).toBe("RUNNING");
    }, 60_000);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    await waitForStatus(executionArn!, "SUCCEEDED");
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.output!)).toEqual({ approved: true });
    const unknown = await refusal(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })));
    expect(unknown.name).toBe("TaskDoesNotExist");
  });

  it("redrives a failed execution from the state that failed", async () => {
    const arn = await createMachine("redrive", callbackDefinition);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "r1" }));
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: await waitForToken(executionArn!), error: "Denied", cause: "no" }),
    );
    await waitForStatus(executionArn!, "FAILED");
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      error: "Denied",
      cause: "no",
      redriveStatus: "REDRIVABLE",
    });
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: await waitForToken(executionArn!), output: '"ok"' }));
    await waitForStatus(executionArn!, "SUCCEEDED");
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.redriveCount).toBe(1);
    const types = (await historyOf(executionArn!)).map((e) => e.type);
    expect(types.slice(types.indexOf("ExecutionFailed"))).toEqual([
      "ExecutionFailed",
      "ExecutionRedriven",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSubmitted",
      "TaskSucceeded",
      "TaskStateExited",
      "SucceedStateEntered",
      "SucceedStateExited",
      "ExecutionSucceeded",
    ]);
    const again = await refusal(sfn.send(new RedriveExecutionCommand({ executionArn })));
    expect(again.name).toBe("ExecutionNotRedrivable");
  });

  it("hands an activity's task to a worker (GetActivityTask) and goes on with the worker's answer", async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "review" }));
    expect(activityArn).toBe("arn:aws:states:us-east-1:123456789012:activity:review");
    const arn = await createMachine("reviewed", {
      StartAt: "Review",
      States: { Review: { Type: "Task", Resource: activityArn, End: true } },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: "w1", input: '{"doc":3}' }),
    );
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "worker-1" }));
    expect(JSON.parse(task.input!)).toEqual({ doc: 3 });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"ok":true}' }));
    await waitForStatus(executionArn!, "SUCCEEDED");
    const events = await historyOf(executionArn!);
    expect(events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "ActivityScheduled",
      "ActivityStarted",
      "ActivitySucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    expect(events[3]?.activityStartedEventDetails?.workerName).toBe("worker-1");
  });

  it("stops a running execution with StopExecution's error and cause", async () => {
    const arn = await createMachine("stoppable", callbackDefinition);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "s1" }));
    await waitForToken(executionArn!);
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: "Operator", cause: "by hand" }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: "ABORTED",
      error: "Operator",
      cause: "by hand",
    });
    const last = (await historyOf(executionArn!)).at(-1);
    expect(last?.type).toBe("ExecutionAborted");
    expect(last?.executionAbortedEventDetails).toEqual({ error: "Operator", cause: "by hand" });
  });

  it("answers StartSyncExecution of an Express state machine when the execution ends", async () => {
    const arn = await createMachine(
      "express",
      { StartAt: "P", States: { P: { Type: "Pass", Result: { ok: 1 }, End: true } } },
      "EXPRESS",
    );
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, name: "x1" }));
    expect(result).toMatchObject({ status: "SUCCEEDED", output: '{"ok":1}', name: "x1" });
    const standard = await createMachine("standard", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const refused = await refusal(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })));
    expect(refused.name).toBe("StateMachineTypeNotSupported");
  });

  it("refuses with AWS's error names and messages", async () => {
    const arn = await createMachine("errors", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const missing = "arn:aws:states:us-east-1:123456789012:stateMachine:nope";
    expect(await refusal(sfn.send(new StartExecutionCommand({ stateMachineArn: missing })))).toEqual({
      name: "StateMachineDoesNotExist",
      message: `State Machine Does Not Exist: '${missing}'`,
    });
    const noExecution = "arn:aws:states:us-east-1:123456789012:execution:errors:nope";
    expect(await refusal(sfn.send(new DescribeExecutionCommand({ executionArn: noExecution })))).toEqual({
      name: "ExecutionDoesNotExist",
      message: `Execution Does Not Exist: '${noExecution}'`,
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "once" }));
    await waitForStatus(executionArn!, "SUCCEEDED");
    expect(await refusal(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "once" })))).toEqual({
      name: "ExecutionAlreadyExists",
      message: `Execution Already Exists: '${executionArn}'`,
    });
    const invalid = await refusal(
      sfn.send(
        new CreateStateMachineCommand({
          name: "bad",
          roleArn,
          definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }),
        }),
      ),
    );
    expect(invalid.name).toBe("InvalidDefinition");
    expect(invalid.message).toMatch(
      /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: .* at \/States\/A\/Next/,
    );
    expect((await refusal(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: "not-an-arn" })))).name).toBe(
      "InvalidArn",
    );
    expect(
      await refusal(
        sfn.send(new CreateStateMachineCommand({ name: "has space", roleArn, definition: '{"StartAt":"P"}' })),
      ),
    ).toEqual({ name: "InvalidName", message: "Invalid Name: 'has space'" });
    expect(
      (await refusal(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: "{not json" })))).name,
    ).toBe("InvalidExecutionInput");
    expect(
      (
        await refusal(
          sfn.send(
            new CreateStateMachineCommand({ name: "errors", roleArn, definition: JSON.stringify(callbackDefinition) }),
          ),
        )
      ).name,
    ).toBe("StateMachineAlreadyExists");
    expect((await refusal(sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: "forged" })))).name).toBe(
      "InvalidToken",
    );
    expect((await refusal(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn })))).name).toBe(
      "MissingRequiredParameter",
    );
    const noCase = await refusal(sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Nope` })));
    expect(noCase).toEqual({
      name: "ValidationException",
      message: `The MockConfigFile ${mockConfigFile} has no test case /StateMachines/errors/TestCases/Nope`,
    });
  });

  it("validates a definition with diagnostics naming each fault's path", async () => {
    const result = await sfn.send(
      new ValidateStateMachineDefinitionCommand({
        definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }),
      }),
    );
    expect(result.result).toBe("FAIL");
    expect(result.diagnostics?.[0]).toMatchObject({ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED" });
    expect(result.diagnostics?.[0]?.location).toMatch(/^\/States\/A/);
    const ok = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(orderDefinition) }),
    );
    expect(ok).toMatchObject({ result: "OK", diagnostics: [] });
  });

  it("fails an execution that was running when the endpoint stopped, with a cause saying so; a redrive continues it", async () => {
    const arn = await createMachine("restart", callbackDefinition);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "k1" }));
    await waitForToken(executionArn!);
    await endpoint.close();
    await start();
    expect(endpoint.interrupted).toBe(1);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: "FAILED",
      error: "States.Runtime",
      cause: interruptedCause,
    });
    expect((await historyOf(executionArn!)).at(-1)?.type).toBe("ExecutionFailed");
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: await waitForToken(executionArn!), output: "{}" }));
    await waitForStatus(executionArn!, "SUCCEEDED");
  });

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
    const ok = await sfn.send(
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
    expect(await sfn.send(new TestStateCommand(busy))).toMatchObject({
      status: "RETRIABLE",
      error: "Busy",
      cause: "later",
    });
    const exhausted = await sfn.send(
      new TestStateCommand({ ...busy, input: '{"order":2}', stateConfiguration: { retrierRetryCount: 2 } }),
    );
    expect(exhausted).toMatchObject({ status: "CAUGHT_ERROR", error: "Busy", nextState: "Refund" });
    expect(JSON.parse(exhausted.output!)).toEqual({ order: 2, error: { Error: "Busy", Cause: "later" } });

    const choice = {
      Type: "Choice",
      Choices: [{ Variable: "$.n", NumericGreaterThan: 10, Next: "Big" }],
      Default: "Small",
    };
    const chosen = await sfn.send(
      new TestStateCommand({ definition: JSON.stringify(choice), roleArn, input: '{"n":11}' }),
    );
    expect(chosen).toMatchObject({ status: "SUCCEEDED", nextState: "Big" });
    const failed = await sfn.send(
      new TestStateCommand({ definition: JSON.stringify({ Type: "Fail", Error: "E", Cause: "C" }), roleArn }),
    );
    expect(failed).toMatchObject({ status: "FAILED", error: "E", cause: "C" });
  });

  it("listens on loopback only unless told otherwise", async () => {
    await expect(startSfnEndpoint({ db, host: "0.0.0.0" })).rejects.toThrow(/STEPSCOPE_SFN_ALLOW_REMOTE=1/);
  });
});
