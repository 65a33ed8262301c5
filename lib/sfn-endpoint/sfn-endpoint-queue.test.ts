import {
  CreateActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import {
  createMachine,
  endpointTestTimeoutMs,
  historyOf,
  useSfnEndpoint,
  waitForStatus,
} from "@/test/sfn-endpoint-kit";

// One execution at a time: the second waits for the first's runner.
const world = useSfnEndpoint({ runners: { maxRunning: 1, spares: 1 } });

describe("executions waiting for a runner", { timeout: endpointTestTimeoutMs }, () => {
  it("show ExecutionStarted at once (RUNNING), run when a runner is free, and stop while they wait", async () => {
    const { activityArn } = await world.sfn.send(new CreateActivityCommand({ name: "hold" }));
    const holder = await createMachine(world.sfn, "holder", {
      StartAt: "Hold",
      States: { Hold: { Type: "Task", Resource: activityArn, End: true } },
    });
    const quick = await createMachine(world.sfn, "quick", {
      StartAt: "Done",
      States: { Done: { Type: "Pass", End: true } },
    });
    const first = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: holder, name: "first" }));
    const task = await world.sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(task.taskToken).toBeDefined();
    // The only runner is busy: these two wait, and show what AWS shows of a started execution.
    const queued = await world.sfn.send(
      new StartExecutionCommand({ stateMachineArn: quick, name: "queued", input: '{"n":1}' }),
    );
    const stopped = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: quick, name: "stopped" }));
    const described = await world.sfn.send(new DescribeExecutionCommand({ executionArn: queued.executionArn }));
    expect(described.status).toBe("RUNNING");
    const waiting = await historyOf(world.sfn, queued.executionArn!);
    expect(waiting).toEqual([
      expect.objectContaining({
        id: 1,
        previousEventId: 0,
        type: "ExecutionStarted",
        timestamp: queued.startDate,
        executionStartedEventDetails: {
          input: '{"n":1}',
          inputDetails: { truncated: false },
          roleArn: "arn:aws:iam::123456789012:role/local",
        },
      }),
    ]);
    await world.sfn.send(new StopExecutionCommand({ executionArn: stopped.executionArn, error: "Late" }));
    await waitForStatus(world.sfn, stopped.executionArn!, "ABORTED");
    expect((await historyOf(world.sfn, stopped.executionArn!)).map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "ExecutionAborted",
    ]);
    // The runner frees: the queued one runs, its ExecutionStarted kept as first shown.
    await world.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: "{}" }));
    await waitForStatus(world.sfn, first.executionArn!, "SUCCEEDED");
    await waitForStatus(world.sfn, queued.executionArn!, "SUCCEEDED");
    const ran = await historyOf(world.sfn, queued.executionArn!);
    expect(ran.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    expect(ran[0]).toEqual(waiting[0]);
  });
});
