import {
  CreateActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  RedriveExecutionCommand,
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

// No spare: the second execution joins the first one's runner (as in a burst beyond the spares).
const world = useSfnEndpoint({ runners: { maxRunning: 4, spares: 0, perRunner: 4 } });

/** A JSONata fold that never yields to the event loop for a minute or more (see sfn-endpoint-isolation.test.ts). */
const runaway = {
  QueryLanguage: "JSONata",
  StartAt: "Spin",
  States: {
    Spin: { Type: "Pass", Output: "{% $reduce([1..10000000], function($a, $b) { $a + $b }) %}", End: true },
  },
};

describe("executions sharing a runner process", { timeout: endpointTestTimeoutMs }, () => {
  it("end FAILED, naming the cause, when a runaway sharing it does not stop; a redrive runs them on", async () => {
    const { activityArn } = await world.sfn.send(new CreateActivityCommand({ name: "shared-hold" }));
    const holder = await createMachine(world.sfn, "shared-holder", {
      StartAt: "Hold",
      States: { Hold: { Type: "Task", Resource: activityArn, End: true } },
    });
    const { executionArn: held } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: holder }));
    // The holder waits for its worker; the runaway joins its runner and spins.
    const first = await world.sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(first.taskToken).toBeDefined();
    const spinner = await createMachine(world.sfn, "shared-runaway", runaway);
    const { executionArn: spinning } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: spinner }));
    let entered = false;
    while (!entered) entered = (await historyOf(world.sfn, spinning!)).some((e) => e.type === "PassStateEntered");
    await world.sfn.send(new StopExecutionCommand({ executionArn: spinning }));
    await waitForStatus(world.sfn, spinning!, "ABORTED");
    await waitForStatus(world.sfn, held!, "FAILED");
    const failed = await world.sfn.send(new DescribeExecutionCommand({ executionArn: held }));
    expect(failed.error).toBe("States.Runtime");
    expect(failed.cause).toBe(
      `The runner process it ran in was ended: execution ${spinning}, which it also ran, did not stop within 2 s of StopExecution (it ran without yielding) (RedriveExecution runs it on from where it was)`,
    );
    // Not re-run by itself (its Task would be asked again); a redrive continues it.
    await world.sfn.send(new RedriveExecutionCommand({ executionArn: held }));
    let again: string | undefined;
    while (again === undefined) again = (await world.sfn.send(new GetActivityTaskCommand({ activityArn }))).taskToken;
    await world.sfn.send(new SendTaskSuccessCommand({ taskToken: again, output: '"done"' }));
    await waitForStatus(world.sfn, held!, "SUCCEEDED");
  });
});
