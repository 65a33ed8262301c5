import {
  CreateActivityCommand,
  DescribeMapRunCommand,
  GetActivityTaskCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateMapRunCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it, vi } from "vitest";
import { createMachine, endpointTestTimeoutMs, refusal, useSfnEndpoint, waitForStatus } from "@/test/sfn-endpoint-kit";

const world = useSfnEndpoint();

/** A Distributed Map over `$.items`, each item handed to the activity's worker; no failure tolerated. */
const distributed = (activityArn: string) => ({
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      Label: "Each",
      ItemsPath: "$.items",
      MaxConcurrency: 2,
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
        StartAt: "Work",
        States: { Work: { Type: "Task", Resource: activityArn, End: true } },
      },
      End: true,
    },
  },
});

async function startMapRun(name: string) {
  const { activityArn } = await world.sfn.send(new CreateActivityCommand({ name: `${name}-worker` }));
  const machineArn = await createMachine(world.sfn, name, distributed(activityArn!));
  const { executionArn } = await world.sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify({ items: [1, 2, 3, 4] }) }),
  );
  // Listed while it runs, with its first child waiting for the worker.
  let mapRunArn = "";
  await vi.waitFor(
    async () => {
      const { mapRuns } = await world.sfn.send(new ListMapRunsCommand({ executionArn }));
      expect(mapRuns).toHaveLength(1);
      expect(mapRuns![0]!.stopDate).toBeUndefined();
      mapRunArn = mapRuns![0]!.mapRunArn!;
      const described = await world.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      expect(described.itemCounts?.running).toBe(1);
    },
    { timeout: 60_000, interval: 50 },
  );
  return { activityArn: activityArn!, machineArn, executionArn: executionArn!, mapRunArn };
}

/** The next task of the activity (GetActivityTask long-polls; an empty answer asks again). */
async function nextTask(activityArn: string): Promise<{ token: string; item: number }> {
  for (;;) {
    const task = await world.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "test" }));
    if (task.taskToken !== undefined) return { token: task.taskToken, item: JSON.parse(task.input!) as number };
  }
}

const counts = (c: Partial<Record<"pending" | "running" | "succeeded" | "failed" | "aborted", number>>) => ({
  pending: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  timedOut: 0,
  aborted: 0,
  total: 4,
  resultsWritten: 0,
  failuresNotRedrivable: 0,
  pendingRedrive: 0,
  ...c,
});

describe("Map Runs of running executions", { timeout: endpointTestTimeoutMs }, () => {
  it("are described and listed while they run, with their children, and UpdateMapRun changes what follows", async () => {
    const { activityArn, machineArn, executionArn, mapRunArn } = await startMapRun("map-live");
    expect(await world.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      executionArn,
      status: "RUNNING",
      maxConcurrency: 2,
      toleratedFailureCount: 0,
      toleratedFailurePercentage: 0,
      itemCounts: counts({ pending: 3, running: 1 }),
      executionCounts: counts({ pending: 3, running: 1 }),
    });
    const running = await world.sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(running.executions).toEqual([
      {
        executionArn: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:execution:map-live\/Each:/),
        stateMachineArn: `${machineArn}/Each`,
        name: expect.any(String),
        status: "RUNNING",
        startDate: expect.any(Date),
        mapRunArn,
        itemCount: 1,
      },
    ]);
    // One failure would fail the run; tolerated from now on.
    await world.sfn.send(new UpdateMapRunCommand({ mapRunArn, toleratedFailureCount: 1, maxConcurrency: 1 }));
    expect(await world.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      status: "RUNNING",
      maxConcurrency: 1,
      toleratedFailureCount: 1,
    });
    for (let answered = 0; answered < 4; answered++) {
      const { token, item } = await nextTask(activityArn);
      if (item === 1) await world.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: "Item.Bad" }));
      else await world.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(item) }));
    }
    await waitForStatus(world.sfn, executionArn, "SUCCEEDED");
    expect(await world.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      status: "SUCCEEDED",
      maxConcurrency: 1,
      toleratedFailureCount: 1,
      itemCounts: counts({ succeeded: 3, failed: 1 }),
    });
    // Its children stay listed once it has ended, newest first, filtered by status.
    const ended = await world.sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(ended.executions?.map((e) => e.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED"]);
    expect(ended.executions?.[0]).toMatchObject({ stateMachineArn: `${machineArn}/Each`, mapRunArn, itemCount: 1 });
    const failed = await world.sfn.send(new ListExecutionsCommand({ mapRunArn, statusFilter: "FAILED" }));
    expect(failed.executions?.map((e) => e.executionArn)).toEqual([ended.executions?.[3]?.executionArn]);
    const paged = await world.sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 3 }));
    expect(paged.executions).toHaveLength(3);
    const rest = await world.sfn.send(
      new ListExecutionsCommand({ mapRunArn, maxResults: 3, nextToken: paged.nextToken }),
    );
    expect(rest.executions?.map((e) => e.executionArn)).toEqual([ended.executions?.[3]?.executionArn]);
    // An ended Map Run is not updated.
    expect((await refusal(world.sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 3 })))).name).toBe(
      "ValidationException",
    );
  });

  it("ends ABORTED with its execution stopped inside it", async () => {
    const { executionArn, mapRunArn } = await startMapRun("map-stopped");
    await world.sfn.send(new StopExecutionCommand({ executionArn }));
    await waitForStatus(world.sfn, executionArn, "ABORTED");
    const described = await world.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described.status).toBe("ABORTED");
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(described.itemCounts).toEqual(counts({ pending: 3, aborted: 1 }));
  });

  it("refuses as AWS does: both ARNs, unknown Map Runs, values out of range", async () => {
    const unknown = "arn:aws:states:us-east-1:123456789012:mapRun:nope/Each:00000000-0000-0000-0000-000000000000";
    const machine = "arn:aws:states:us-east-1:123456789012:stateMachine:nope";
    expect(
      (await refusal(world.sfn.send(new ListExecutionsCommand({ mapRunArn: unknown, stateMachineArn: machine })))).name,
    ).toBe("ValidationException");
    expect(await refusal(world.sfn.send(new ListExecutionsCommand({ mapRunArn: unknown })))).toEqual({
      name: "ResourceNotFound",
      message: `Resource not found: '${unknown}'`,
    });
    expect((await refusal(world.sfn.send(new ListExecutionsCommand({ mapRunArn: "not-an-arn" })))).name).toBe(
      "InvalidArn",
    );
    expect(await refusal(world.sfn.send(new UpdateMapRunCommand({ mapRunArn: unknown, maxConcurrency: 1 })))).toEqual({
      name: "ResourceNotFound",
      message: `Resource not found: '${unknown}'`,
    });
    expect(
      await refusal(world.sfn.send(new UpdateMapRunCommand({ mapRunArn: unknown, toleratedFailurePercentage: 101 }))),
    ).toEqual({
      name: "ValidationException",
      message:
        "1 validation error detected: Value '101' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100",
    });
    expect(
      (await refusal(world.sfn.send(new UpdateMapRunCommand({ mapRunArn: unknown, toleratedFailureCount: -1 })))).name,
    ).toBe("ValidationException");
    expect((await refusal(world.sfn.send(new UpdateMapRunCommand({ mapRunArn: unknown })))).name).toBe(
      "ValidationException",
    );
  });
});
