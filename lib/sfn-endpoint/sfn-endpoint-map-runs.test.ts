import {
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import {
  createMachine,
  endpointTestTimeoutMs,
  historyOf,
  refusal,
  useSfnEndpoint,
  waitForStatus,
} from "@/test/sfn-endpoint-kit";

const world = useSfnEndpoint();

/** A Distributed Map over `$.items` (item 3 fails), `tolerated` failures allowed, two children at once. */
const distributed = (tolerated: number) => ({
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      Label: "Each",
      ItemsPath: "$.items",
      MaxConcurrency: 2,
      ToleratedFailureCount: tolerated,
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
        StartAt: "Bad?",
        States: {
          "Bad?": { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 3, Next: "Bad" }], Default: "Good" },
          Bad: { Type: "Fail", Error: "Item.Bad", Cause: "item 3" },
          Good: { Type: "Pass", End: true },
        },
      },
      End: true,
    },
  },
});

const counts = (c: { succeeded: number; failed: number; pending: number }) => ({
  pending: c.pending,
  running: 0,
  succeeded: c.succeeded,
  failed: c.failed,
  timedOut: 0,
  aborted: 0,
  total: 4,
  resultsWritten: 0,
  failuresNotRedrivable: 0,
  pendingRedrive: 0,
});

async function runMachine(name: string, tolerated: number, status: string) {
  const machineArn = await createMachine(world.sfn, name, distributed(tolerated));
  const { executionArn } = await world.sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify({ items: [1, 2, 3, 4] }) }),
  );
  await waitForStatus(world.sfn, executionArn!, status);
  const started = (await historyOf(world.sfn, executionArn!)).find((e) => e.type === "MapRunStarted");
  return { machineArn, executionArn: executionArn!, mapRunArn: started!.mapRunStartedEventDetails!.mapRunArn! };
}

describe("Map Runs", () => {
  it(
    "ListMapRuns and DescribeMapRun report a Distributed Map's run with its counts, one failure tolerated",
    async () => {
      const { machineArn, executionArn, mapRunArn } = await runMachine("map-tolerated", 1, "SUCCEEDED");
      expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:map-tolerated\/Each:[0-9a-f-]{36}$/);
      const listed = await world.sfn.send(new ListMapRunsCommand({ executionArn }));
      expect(listed.nextToken).toBeUndefined();
      expect(listed.mapRuns).toEqual([
        {
          executionArn,
          mapRunArn,
          stateMachineArn: machineArn,
          startDate: expect.any(Date),
          stopDate: expect.any(Date),
        },
      ]);
      const described = await world.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      expect(described).toMatchObject({
        mapRunArn,
        executionArn,
        status: "SUCCEEDED",
        maxConcurrency: 2,
        toleratedFailurePercentage: 0,
        toleratedFailureCount: 1,
        itemCounts: counts({ succeeded: 3, failed: 1, pending: 0 }),
        executionCounts: counts({ succeeded: 3, failed: 1, pending: 0 }),
        redriveCount: 0,
      });
      expect(described.redriveDate).toBeUndefined();
      const history = await historyOf(world.sfn, executionArn);
      const at = (type: string) => history.find((e) => e.type === type)!.timestamp!.getTime();
      expect(described.startDate!.getTime()).toBe(at("MapRunStarted"));
      expect(described.stopDate!.getTime()).toBe(at("MapRunSucceeded"));
      // Its child executions, one an item, newest first.
      const children = await world.sfn.send(new ListExecutionsCommand({ mapRunArn }));
      expect(children.executions?.map((e) => e.status)).toEqual(["SUCCEEDED", "FAILED", "SUCCEEDED", "SUCCEEDED"]);
    },
    endpointTestTimeoutMs,
  );

  it(
    "reports a Map Run that failed past its tolerance, the items after the failure pending",
    async () => {
      const { mapRunArn } = await runMachine("map-intolerant", 0, "FAILED");
      const described = await world.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      expect(described.status).toBe("FAILED");
      expect(described.toleratedFailureCount).toBe(0);
      expect(described.itemCounts).toEqual(counts({ succeeded: 2, failed: 1, pending: 1 }));
    },
    endpointTestTimeoutMs,
  );

  it("refuses unknown and malformed ARNs as AWS does", async () => {
    const unknown = "arn:aws:states:us-east-1:123456789012:mapRun:nope/Each:00000000-0000-0000-0000-000000000000";
    expect(await refusal(world.sfn.send(new DescribeMapRunCommand({ mapRunArn: unknown })))).toEqual({
      name: "ResourceNotFound",
      message: `Resource not found: '${unknown}'`,
    });
    expect(await refusal(world.sfn.send(new DescribeMapRunCommand({ mapRunArn: "not-an-arn" })))).toEqual({
      name: "InvalidArn",
      message: "Invalid Arn: 'Invalid ARN prefix: not-an-arn'",
    });
    const execution = "arn:aws:states:us-east-1:123456789012:execution:nope:x";
    expect((await refusal(world.sfn.send(new DescribeMapRunCommand({ mapRunArn: execution })))).name).toBe(
      "InvalidArn",
    );
    expect(await refusal(world.sfn.send(new ListMapRunsCommand({ executionArn: execution })))).toEqual({
      name: "ExecutionDoesNotExist",
      message: `Execution Does Not Exist: '${execution}'`,
    });
    expect((await refusal(world.sfn.send(new ListMapRunsCommand({ executionArn: "arn:aws:nope" })))).name).toBe(
      "InvalidArn",
    );
  });
});
