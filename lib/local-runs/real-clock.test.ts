import { describe, expect, it } from "vitest";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import { createRealClock } from "./real-clock";

describe("createRealClock", () => {
  it("a handler running past TimeoutSeconds in real time times out, and no timer is left behind", async () => {
    let finished = false;
    const slow = {
      invoke: () =>
        new Promise<null>((resolve) =>
          setTimeout(() => {
            finished = true;
            resolve(null);
          }, 1500),
        ),
    };
    const result = await executeStateMachine({
      definition: {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: "arn:aws:lambda:us-east-1:111111111111:function:f",
            TimeoutSeconds: 1,
            End: true,
          },
        },
      },
      input: "{}",
      stateMachineName: "sm",
      executionName: "ex",
      clock: createRealClock(),
      invoker: slow,
      random: createSeededRandom(1),
    });
    expect(result.error).toBe("States.Timeout");
    expect(finished).toBe(false);
  });

  it("sleep waits, and an aborted signal cancels it", async () => {
    const clock = createRealClock();
    const before = clock.now();
    await clock.sleep(20);
    expect(clock.now() - before).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    let woke = false;
    void clock.sleep(10, controller.signal).then(() => {
      woke = true;
    });
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(woke).toBe(false);
  });
});
