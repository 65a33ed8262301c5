import {
  CreateActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it, vi } from "vitest";
import { callbackDefinition, writeMockConfigFile } from "@/test/sfn-endpoint-fixtures";
import * as kit from "@/test/sfn-endpoint-kit";
import { interruptedCause } from "./interrupted-executions";

const mockConfigFile = writeMockConfigFile();
const world = kit.useSfnEndpoint({ timeScale: 100, mockConfigFile });

const createMachine = (name: string, definition: unknown, type?: "EXPRESS") =>
  kit.createMachine(world.sfn, name, definition, type);
const waitForStatus = (executionArn: string, status: string) => kit.waitForStatus(world.sfn, executionArn, status);
const historyOf = (executionArn: string, maxResults?: number) => kit.historyOf(world.sfn, executionArn, maxResults);
const waitForToken = (executionArn: string, after?: string) => kit.waitForToken(world.sfn, executionArn, after);
const { refusal } = kit;

describe(
  "the Step Functions endpoint's executions: callbacks, redrives, activities, stops, restarts",
  { timeout: kit.endpointTestTimeoutMs },
  () => {
    it("round-trips a task token: the execution waits for SendTaskSuccess and goes on with its output", async () => {
      const arn = await createMachine("approval", callbackDefinition);
      const { executionArn } = await world.sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, name: "a1", input: '{"order":7}' }),
      );
      const token = await waitForToken(executionArn!);
      // While it waits, it is RUNNING here and on the dashboard.
      const running = await world.sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(running.status).toBe("RUNNING");
      await vi.waitFor(async () => {
        const stored = await world.db.pool.query<{ status: string }>(
          "SELECT status FROM executions WHERE execution_arn = $1",
          [executionArn],
        );
        expect(stored.rows[0]?.status).toBe("RUNNING");
      }, 60_000);
      await world.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
      await waitForStatus(executionArn!, "SUCCEEDED");
      const described = await world.sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(JSON.parse(described.output!)).toEqual({ approved: true });
      const unknown = await refusal(world.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })));
      expect(unknown.name).toBe("TaskDoesNotExist");
    });

    it("redrives a failed execution from the state that failed", async () => {
      const arn = await createMachine("redrive", callbackDefinition);
      const { executionArn } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "r1" }));
      await world.sfn.send(
        new SendTaskFailureCommand({ taskToken: await waitForToken(executionArn!), error: "Denied", cause: "no" }),
      );
      await waitForStatus(executionArn!, "FAILED");
      expect(await world.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
        error: "Denied",
        cause: "no",
        redriveStatus: "REDRIVABLE",
      });
      const redriven = await world.sfn.send(new RedriveExecutionCommand({ executionArn }));
      expect(redriven.redriveDate).toBeInstanceOf(Date);
      await world.sfn.send(
        new SendTaskSuccessCommand({
          taskToken: await waitForToken(executionArn!, "ExecutionRedriven"),
          output: '"ok"',
        }),
      );
      await waitForStatus(executionArn!, "SUCCEEDED");
      const described = await world.sfn.send(new DescribeExecutionCommand({ executionArn }));
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
      const again = await refusal(world.sfn.send(new RedriveExecutionCommand({ executionArn })));
      expect(again.name).toBe("ExecutionNotRedrivable");
    });

    it("hands an activity's task to a worker (GetActivityTask) and goes on with the worker's answer", async () => {
      const { activityArn } = await world.sfn.send(new CreateActivityCommand({ name: "review" }));
      expect(activityArn).toBe("arn:aws:states:us-east-1:123456789012:activity:review");
      const arn = await createMachine("reviewed", {
        StartAt: "Review",
        States: { Review: { Type: "Task", Resource: activityArn, End: true } },
      });
      const { executionArn } = await world.sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, name: "w1", input: '{"doc":3}' }),
      );
      const task = await world.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "worker-1" }));
      expect(JSON.parse(task.input!)).toEqual({ doc: 3 });
      await world.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"ok":true}' }));
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
      const { executionArn } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "s1" }));
      await waitForToken(executionArn!);
      const stopped = await world.sfn.send(
        new StopExecutionCommand({ executionArn, error: "Operator", cause: "by hand" }),
      );
      expect(stopped.stopDate).toBeInstanceOf(Date);
      expect(await world.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
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
      const result = await world.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, name: "x1" }));
      expect(result).toMatchObject({ status: "SUCCEEDED", output: '{"ok":1}', name: "x1" });
      const standard = await createMachine("standard", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
      const refused = await refusal(world.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })));
      expect(refused.name).toBe("StateMachineTypeNotSupported");
    });

    it("fails an execution that was running when the endpoint stopped, with a cause saying so; a redrive continues it", async () => {
      const arn = await createMachine("restart", callbackDefinition);
      const { executionArn } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "k1" }));
      await waitForToken(executionArn!);
      await world.restart();
      expect(world.endpoint.interrupted).toBe(1);
      expect(await world.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
        status: "FAILED",
        error: "States.Runtime",
        cause: interruptedCause,
      });
      expect((await historyOf(executionArn!)).at(-1)?.type).toBe("ExecutionFailed");
      await world.sfn.send(new RedriveExecutionCommand({ executionArn }));
      await world.sfn.send(
        new SendTaskSuccessCommand({ taskToken: await waitForToken(executionArn!, "ExecutionRedriven"), output: "{}" }),
      );
      await waitForStatus(executionArn!, "SUCCEEDED");
    });
  },
);
