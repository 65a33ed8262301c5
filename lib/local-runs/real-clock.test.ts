import { describe, expect, it } from "vitest";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import { createRealClock } from "./real-clock";

describe("createRealClock", () => {
  it("at a scale of 1000, a 2-second sleep takes about 2 ms and moves `now` by about 2 seconds", async () => {
    const clock = createRealClock({ scale: 1000 });
    const before = clock.now();
    const wallBefore = Date.now();
    await clock.sleep(2000);
    expect(Date.now() - wallBefore).toBeLessThan(500);
    expect(clock.now() - before).toBeGreaterThanOrEqual(2000);
  });

  it("its stop signal ends a pending sleep at once, but not a sleep that has a signal of its own (a Task's limit)", async () => {
    const stop = new AbortController();
    const clock = createRealClock({ signal: stop.signal });
    let limitEnded = false;
    const limit = new AbortController();
    void clock.sleep(60_000, limit.signal).then(() => (limitEnded = true));
    const waiting = clock.sleep(60_000);
    stop.abort();
    await waiting;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(limitEnded).toBe(false);
    limit.abort();
  });

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
