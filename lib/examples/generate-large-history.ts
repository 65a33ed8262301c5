import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import { isJsonObject, type JsonObject } from "@/lib/asl/types";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { parseInterpreterRun } from "@/lib/history/parse-interpreter-run";
import { awsHistoryLimits } from "@/lib/history/aws-history-limits";
import type { ParsedExecution, StateMachineInfo } from "@/lib/history/types";
import { createRng } from "./create-rng";
import {
  exampleRoleArn,
  getExampleStateMachines,
  stateMachineArn,
  type ExampleAccount,
} from "./example-state-machines";
import { createImageBackfillInvoker } from "./image-backfill-invoker";

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

const name = "image-backfill";

/** Events a `ProcessImages` iteration writes on average (12 plain, more with throttles, fewer when skipped). */
const eventsPerItem = 12;

/**
 * `image-pipeline` for a whole day's uploads: the same Map over `ResizeImage` → `StoreMetadata`
 * (MaxConcurrency 10, Retry on throttles, Catch of corrupt images), keeping no per-image
 * results, since ~2,000 of them would pass AWS's 256 KiB payload limit.
 */
function imageBackfill(account: ExampleAccount): { definition: JsonObject; stateMachine: StateMachineInfo } {
  const pipeline = getExampleStateMachines(account)["image-pipeline"].definition;
  const states = isJsonObject(pipeline) ? pipeline["States"] : undefined;
  const map = isJsonObject(states) ? states["ProcessImages"] : undefined;
  if (!isJsonObject(pipeline) || !isJsonObject(states) || !isJsonObject(map))
    throw new Error("image-pipeline has no ProcessImages Map");
  const definition: JsonObject = {
    ...pipeline,
    Comment: "Resize a day's uploaded images in one Map; the results stay in DynamoDB, not in the execution.",
    States: { ...states, ProcessImages: { ...map, ResultPath: null } },
  };
  return {
    definition,
    stateMachine: {
      stateMachineArn: stateMachineArn(account, name),
      name,
      type: "STANDARD",
      definition: JSON.stringify(definition, null, 2),
      roleArn: exampleRoleArn(account, name),
      revisionId: "0d5e7a1c-3b2f-4c8e-9a6d-000000000007",
      loggingConfiguration: { level: "OFF", includeExecutionData: false },
    },
  };
}

/**
 * One Map-heavy execution of `image-backfill` with about `targetEvents` events, run in the
 * interpreter on a virtual clock with the backfill's task handlers: a big `ProcessImages` Map
 * (MaxConcurrency 10) with throttle retries and skipped corrupt images. Deterministic in
 * `seed`; used to test and benchmark the largest histories. Never more than AWS's 25,000
 * events, whatever the target.
 */
export async function generateLargeHistory(options: LargeHistoryOptions): Promise<ParsedExecution> {
  const account: ExampleAccount = {
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? "123456789012",
  };
  const { definition, stateMachine } = imageBackfill(account);
  const checked = validateDefinition(definition);
  if (!checked.ok) throw new Error(`${name}: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  const startMs = options.startedAt.getTime();
  const failed = options.outcome === "FAILED";
  const idRng = createRng(options.seed ^ 0x5eed);
  const executionName = idRng.uuid();
  const prefix = `uploads/${options.startedAt.toISOString().slice(0, 10).replaceAll("-", "/")}/batch-${idRng.hex(8)}/`;
  const input = JSON.stringify({ bucket: "acme-uploads-prod", prefix, requestedBy: `usr_${idRng.hex(10)}` });
  const run = async (itemCount: number) => {
    const rng = createRng(options.seed);
    const result = await executeStateMachine({
      definition: checked.definition,
      input,
      stateMachineName: name,
      executionName,
      region: account.region,
      accountId: account.accountId,
      roleArn: stateMachine.roleArn ?? "",
      clock: createVirtualClock(startMs),
      invoker: createImageBackfillInvoker({
        rng,
        itemCount,
        prefix,
        ...(failed ? { crashIndex: Math.max(0, itemCount - 15) } : {}),
      }),
      random: createSeededRandom(options.seed),
    });
    return { itemCount, result };
  };
  // Iterations vary in size (retries, skips), so measure and correct a few times.
  let best = await run(Math.max(1, Math.round(options.targetEvents / eventsPerItem)));
  for (let pass = 0; pass < 4; pass += 1) {
    const miss = options.targetEvents - best.result.events.length;
    if (Math.abs(miss) <= options.targetEvents * 0.002) break;
    const itemCount = Math.max(1, best.itemCount + Math.round(miss / eventsPerItem));
    if (itemCount === best.itemCount) break;
    const next = await run(itemCount);
    if (Math.abs(options.targetEvents - next.result.events.length) < Math.abs(miss)) best = next;
  }
  // AWS caps a history at 25,000 events (and the importer refuses more): never overshoot it.
  while (best.result.events.length > awsHistoryLimits.maxEvents && best.itemCount > 1) {
    const over = best.result.events.length - awsHistoryLimits.maxEvents;
    best = await run(Math.max(1, best.itemCount - Math.ceil(over / eventsPerItem) - 1));
  }
  return parseInterpreterRun(best.result, stateMachine, executionName, `${name}-${executionName}.json`);
}
