import type { ParsedExecution } from "@/lib/history/types";
import { createRng } from "./prng";
import { planImagePipeline } from "./scenarios/image-pipeline";
import { simulateExecution, type SimulatedExecution } from "./simulate-execution";
import { getDemoWorkflows } from "./workflows";

/** Settings for {@link generateLargeHistory}. */
export interface LargeHistoryOptions {
  readonly seed: number;
  /** About how many events: within ~0.5 % when succeeding, ~2 % when failing (the failure aborts in-flight iterations). AWS caps a history at 25,000. */
  readonly targetEvents: number;
  /** `ExecutionStarted` time. */
  readonly startedAt: Date;
  /** `FAILED`: an iteration near the end crashes, the Map fails and the pipeline's Catch/Fail path runs. Default `SUCCEEDED`. */
  readonly outcome?: "SUCCEEDED" | "FAILED";
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `123456789012`. */
  readonly accountId?: string;
}

/** Events an image-pipeline Map iteration writes on average (14 plain, more with throttles). */
const eventsPerItem = 14;

/**
 * One Map-heavy execution of `image-pipeline` with about `targetEvents` events: a big
 * `ProcessImages` Map (MaxConcurrency 10) with the usual throttle retries and skipped
 * corrupt images. Deterministic in `seed`; used to test and benchmark the largest histories.
 */
export function generateLargeHistory(options: LargeHistoryOptions): ParsedExecution {
  const account = { region: options.region ?? "us-east-1", accountId: options.accountId ?? "123456789012" };
  const workflow = getDemoWorkflows(account)["image-pipeline"];
  const startMs = options.startedAt.getTime();
  const failed = options.outcome === "FAILED";
  const simulate = (itemCount: number): SimulatedExecution =>
    simulateExecution({
      rng: createRng(options.seed),
      ...account,
      roleArn: workflow.stateMachine.roleArn ?? "",
      startMs,
      plan: (ctx) =>
        planImagePipeline(ctx, failed ? "iteration-failed" : "success", {
          itemCount,
          ...(failed ? { crashIndex: Math.max(0, itemCount - 15) } : {}),
        }),
    });
  // Iterations vary in size (retries, skips), so measure and correct a few times.
  let itemCount = Math.max(1, Math.round(options.targetEvents / eventsPerItem));
  let best = { itemCount, events: simulate(itemCount).build(startMs) };
  for (let pass = 0; pass < 4; pass += 1) {
    const miss = options.targetEvents - best.events.length;
    if (Math.abs(miss) <= options.targetEvents * 0.002) break;
    itemCount = Math.max(1, best.itemCount + Math.round(miss / eventsPerItem));
    if (itemCount === best.itemCount) break;
    const events = simulate(itemCount).build(startMs);
    if (Math.abs(options.targetEvents - events.length) < Math.abs(miss)) best = { itemCount, events };
  }
  const idRng = createRng(options.seed ^ 0x5eed);
  const name = idRng.uuid();
  return {
    identity: {
      executionArn: `arn:aws:states:${account.region}:${account.accountId}:execution:${workflow.name}:${name}`,
      stateMachineArn: workflow.stateMachine.stateMachineArn,
      name,
      stateMachineName: workflow.name,
      type: workflow.type,
      region: account.region,
      accountId: account.accountId,
      described: null,
    },
    stateMachine: workflow.stateMachine,
    events: best.events,
  };
}
