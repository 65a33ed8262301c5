import { functionError, lambdaResult, lambdaServiceError, sdkResult } from "../aws-payloads";
import { runMap, type BranchOutcome } from "../concurrent-step";
import type { Json, Track } from "../history-recorder";
import type { JsonObject, PlanContext, ScenarioRun } from "../scenario";
import type { SimContext } from "../sim-context";
import { failState, passThrough, succeedState } from "../state-steps";
import { exponentialBackoff, runTask, type AttemptPlan } from "../task-step";
import { lambdaArn } from "../workflows";

/** How an image-pipeline execution goes. `stopped` is an operator's `StopExecution` mid-Map. */
export type ImageScenario = "success" | "iteration-failed" | "stopped";

/** What happens to one image: processed (maybe after throttles), skipped as corrupt, or a crash. */
export type ImageFate = "ok" | "throttled" | "corrupt" | "crash";

/** One Map iteration of `ProcessImages`: `ResizeImage` (Retry on throttles, Catch `Image.Corrupt`) then `StoreMetadata`. */
export function processImage(ctx: SimContext, track: Track, item: JsonObject, fate: ImageFate): BranchOutcome {
  const { rng } = ctx;
  const key = String(item["key"]);
  const thumbnail = key.replace("uploads/", "thumbnails/").replace(/\.(jpe?g|png|heic)$/, ".webp");
  const resized: JsonObject = { ...item, resized: { thumbnail, bytes: rng.int(8_000, 90_000) } };
  const ok: AttemptPlan = {
    kind: "succeed",
    durationMs: rng.int(250, 2500),
    output: lambdaResult(ctx, { thumbnail, bytes: rng.int(8_000, 90_000), width: 320, height: 240 }),
  };
  const throttle = (): AttemptPlan => ({ kind: "fail", durationMs: rng.int(5, 40), ...lambdaServiceError(ctx, "TooManyRequestsException") });
  const attempts: AttemptPlan[] = (
      {
    ok: [ok],
    throttled: rng.chance(0.5) ? [throttle(), ok] : [throttle(), throttle(), ok],
    corrupt: [{ kind: "fail", durationMs: rng.int(80, 400), ...functionError(ctx, "Image.Corrupt", `Input buffer contains unsupported image format: ${key}`, "resize.js") }],
    crash: [
      rng.chance(0.5)
        ? {
            kind: "fail",
            durationMs: rng.int(2000, 9000),
            error: "Lambda.Unknown",
            cause:
              'The cause could not be determined because Lambda did not return an error type. Returned payload: {"errorMessage":"RequestId: ' +
              rng.uuid() +
              ' Error: Runtime exited with error: signal: killed","errorType":"Runtime.ExitError"}',
          }
        : { kind: "fail", durationMs: rng.int(300, 1200), ...functionError(ctx, "ImageTooLarge", `Image ${key} exceeds 50 megapixels`, "resize.js") },
    ],
  } satisfies Record<ImageFate, AttemptPlan[]>
    )[fate];
  const errorOutput: JsonObject = { ...item, error: fate === "corrupt" ? { Error: "Image.Corrupt", Cause: "unsupported image format" } : null };
  const resize = runTask(ctx, track, {
    name: "ResizeImage",
    resourceType: "lambda",
    resource: "invoke",
    input: item,
    parameters: { FunctionName: lambdaArn(ctx, "resize-image"), Payload: item },
    attempts,
    backoffMs: exponentialBackoff(ctx, 1, 2),
    output: resized,
    ...(fate === "corrupt" ? { caughtOutput: errorOutput } : {}),
  });
  if (resize.status === "FAILED" && !resize.caught) return { status: "FAILED", error: resize.error, cause: resize.cause };
  if (resize.status === "FAILED") {
    const skipped: Json = { key, status: "skipped" };
    passThrough(ctx, track, "Pass", "MarkSkipped", errorOutput, skipped);
    return { status: "SUCCEEDED", output: skipped };
  }
  runTask(ctx, track, {
    name: "StoreMetadata",
    resourceType: "dynamodb",
    resource: "putItem",
    input: resized,
    parameters: { TableName: "image-metadata", Item: { pk: { S: key }, thumbnail: { S: thumbnail } } },
    attempts: [{ kind: "succeed", durationMs: rng.int(8, 60), output: sdkResult(ctx, {}) }],
    backoffMs: exponentialBackoff(ctx, 1, 2),
    output: resized,
  });
  return { status: "SUCCEEDED", output: resized };
}

/** A realistic upload key: `uploads/<yyyy>/<mm>/<dd>/<batch>/IMG_<n>.jpg`. */
export function imageKeys(ctx: PlanContext, count: number, batch: string): string[] {
  const day = new Date(ctx.startMs).toISOString().slice(0, 10).replaceAll("-", "/");
  return Array.from({ length: count }, (_, i) => `uploads/${day}/${batch}/IMG_${String(1000 + i * 7 + ctx.rng.int(0, 6))}.${ctx.rng.pick(["jpg", "jpg", "png", "heic"])}`);
}

/** Plans one image-pipeline execution; `abortAtMs` stops it mid-Map (the `stopped` scenario). */
export function planImagePipeline(
  ctx: PlanContext,
  scenario: ImageScenario,
  shape?: { readonly itemCount: number; readonly crashIndex?: number },
): ScenarioRun {
  const { rng } = ctx;
  const batch = `batch-${rng.hex(8)}`;
  const input: JsonObject = { bucket: "acme-uploads-prod", prefix: `uploads/${batch}/`, requestedBy: `usr_${rng.hex(10)}` };
  const keys = imageKeys(ctx, shape?.itemCount ?? (scenario === "stopped" ? rng.int(30, 40) : rng.int(3, 36)), batch);
  const crashAt = scenario === "iteration-failed" ? (shape?.crashIndex ?? rng.int(0, keys.length - 1)) : -1;
  const run: ScenarioRun["run"] = (root) => {
    const listed: JsonObject = { ...input, listing: { images: keys } };
    runTask(ctx, root, {
      name: "ListImages",
      resourceType: "aws-sdk:s3",
      resource: "listObjectsV2",
      input,
      parameters: { Bucket: "acme-uploads-prod", Prefix: input["prefix"] ?? null },
      attempts: [
        {
          kind: "succeed",
          durationMs: rng.int(60, 400),
          // S3 answers at most MaxKeys (1,000) keys a page, which also keeps the result under AWS's 256 KiB
          // payload limit (import refuses more); every entry is still drawn so the random sequence is unchanged.
          output: {
            Contents: keys.map((Key) => ({ Key, Size: rng.int(200_000, 8_000_000), ETag: `"${rng.hex(32)}"`, StorageClass: "STANDARD" })).slice(0, 1000),
            IsTruncated: keys.length > 1000,
            KeyCount: Math.min(keys.length, 1000),
            MaxKeys: 1000,
            Name: "acme-uploads-prod",
            Prefix: input["prefix"] ?? null,
          },
        },
      ],
      backoffMs: exponentialBackoff(ctx, 1, 2),
      output: listed,
    });
    let mapOutput: Json = listed;
    // Early enough that the first wave of iterations (MaxConcurrency 10) is still running.
    const abortAtMs = scenario === "stopped" ? root.t + rng.int(600, 1200) : undefined;
    const items: Json[] = keys.map((key) => ({ bucket: "acme-uploads-prod", key }));
    const failedOutput: JsonObject = { ...listed, error: { Error: "States.TaskFailed", Cause: "An iteration failed." } };
    const map = runMap(ctx, root, {
      name: "ProcessImages",
      input: listed,
      items,
      maxConcurrency: 10,
      iteration: (track, item, index) => {
        const fate: ImageFate = index === crashAt ? "crash" : rng.weighted([["ok", 92], ["throttled", 5], ["corrupt", 3]]);
        return processImage(ctx, track, item as JsonObject, fate);
      },
      output: (results) => {
        mapOutput = { ...listed, results };
        return mapOutput;
      },
      caughtOutput: failedOutput,
      ...(abortAtMs === undefined ? {} : { abortAtMs }),
    });
    switch (map.status) {
      case "ABORTED":
        return { status: "ABORTED", error: "Operator.Stopped", cause: "Stopped from the console: bad batch uploaded." };
      case "FAILED":
        runTask(ctx, root, {
          name: "NotifyFailure",
          resourceType: "sns",
          resource: "publish",
          input: failedOutput,
          parameters: { TopicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:ops-alerts`, Message: failedOutput["error"] ?? null },
          attempts: [{ kind: "succeed", durationMs: rng.int(30, 150), output: sdkResult(ctx, { MessageId: rng.uuid() }) }],
          backoffMs: exponentialBackoff(ctx, 1, 2),
          output: failedOutput,
        });
        failState(ctx, root, "PipelineFailed", failedOutput);
        return { status: "FAILED", error: "Pipeline.ImageFailed", cause: "At least one image could not be processed." };
      case "SUCCEEDED": {
        succeedState(ctx, root, "Done", mapOutput);
        return { status: "SUCCEEDED", output: mapOutput };
      }
      default: {
        const never: never = map;
        throw new Error(`unexpected map end ${JSON.stringify(never)}`);
      }
    }
  };
  return { input, run };
}
