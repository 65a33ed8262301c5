import {
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import {
  createMachine,
  endpointTestTimeoutMs,
  historyOf,
  waitForStatus,
  useSfnEndpoint,
} from "@/test/sfn-endpoint-kit";

const world = useSfnEndpoint();

/**
 * A JSONata fold over ten million numbers: the evaluation chains promises without ever yielding
 * to the event loop (two million took 10 s with no timer firing), so in the endpoint's own
 * process it would hold every request for a minute or more.
 */
const runaway = {
  QueryLanguage: "JSONata",
  StartAt: "Spin",
  States: {
    Spin: { Type: "Pass", Output: "{% $reduce([1..10000000], function($a, $b) { $a + $b }) %}", End: true },
  },
};

describe("executions in runner processes (the default)", { timeout: endpointTestTimeoutMs }, () => {
  it("keeps answering while a runaway execution spins, and stops it (ABORTED) though it never reads the stop", async () => {
    const arn = await createMachine(world.sfn, "runaway", runaway);
    const { executionArn } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "r1" }));
    // The execution has entered its spinning state: the endpoint still answers, and the execution is RUNNING.
    let entered = false;
    while (!entered) entered = (await historyOf(world.sfn, executionArn!)).some((e) => e.type === "PassStateEntered");
    expect((await world.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
    expect((await world.sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name)).toContain(
      "runaway",
    );
    await world.sfn.send(new StopExecutionCommand({ executionArn, error: "Runaway", cause: "stopped by the test" }));
    await waitForStatus(world.sfn, executionArn!, "ABORTED");
    const events = await historyOf(world.sfn, executionArn!);
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "PassStateEntered", "ExecutionAborted"]);
    expect(events.at(-1)?.executionAbortedEventDetails).toEqual({ error: "Runaway", cause: "stopped by the test" });
  });
});
