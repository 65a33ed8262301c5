import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import { isJsonObject, type Json } from "@/lib/asl/types";
import type { Rng } from "./create-rng";

/** What happens to one image: processed (maybe after one or two throttles), skipped as corrupt, or a crash. */
type ImageFate =
  | { readonly kind: "ok" }
  | { readonly kind: "throttled"; readonly times: number }
  | { readonly kind: "corrupt" }
  | { readonly kind: "crash" };

/** Settings for {@link createImageBackfillInvoker}. */
export interface ImageBackfillInvokerOptions {
  readonly rng: Rng;
  /** How many images `ListImages` finds. */
  readonly itemCount: number;
  /** The iteration whose `ResizeImage` crashes (no Retry or Catch matches); none when absent. */
  readonly crashIndex?: number;
  /** `Prefix` the keys start with, e.g. `uploads/2026/11/20/batch-1a2b3c4d/`. */
  readonly prefix: string;
}

const lambdaOk = (payload: Json, durationMs: number): TaskOutcome => ({
  type: "success",
  output: { ExecutedVersion: "$LATEST", Payload: payload, SdkHttpMetadata: { HttpStatusCode: 200 }, StatusCode: 200 },
  durationMs,
});

/**
 * The task handlers of the image backfill: `ListImages` finds `itemCount` images, each of
 * which is fine (92 %), throttled by Lambda once or twice before it works (5 %, retried by
 * the definition's `Retry`) or corrupt (3 %, caught and skipped); the image at `crashIndex`
 * kills its function. Durations are on the execution's virtual clock.
 */
export function createImageBackfillInvoker(options: ImageBackfillInvokerOptions): TaskInvoker {
  const { rng } = options;
  const fates = new Map<string, ImageFate>();
  const ms = (min: number, max: number) => rng.int(min, max);
  const fail = (error: string, cause: string, durationMs: number): TaskOutcome => ({
    type: "failure",
    error,
    cause,
    durationMs,
  });
  const functionError = (errorType: string, errorMessage: string, durationMs: number): TaskOutcome =>
    fail(
      errorType,
      JSON.stringify({
        errorType,
        errorMessage,
        trace: [`${errorType}: ${errorMessage}`, `    at handler (/var/task/resize.js:${ms(12, 180)}:${ms(5, 30)})`],
      }),
      durationMs,
    );

  const listImages = (): TaskOutcome => {
    const contents = Array.from({ length: options.itemCount }, (_, index) => {
      const key = `${options.prefix}IMG_${10_000 + index}.${rng.pick(["jpg", "jpg", "png", "heic"])}`;
      const fate: ImageFate =
        index === options.crashIndex
          ? { kind: "crash" }
          : rng.weighted<ImageFate>([
              [{ kind: "ok" }, 92],
              [{ kind: "throttled", times: rng.chance(0.5) ? 1 : 2 }, 5],
              [{ kind: "corrupt" }, 3],
            ]);
      fates.set(key, fate);
      // Key and Size only: a listing of ~2,000 objects with every S3 field would pass AWS's 256 KiB payload limit.
      return { Key: key, Size: ms(200_000, 8_000_000) };
    });
    return {
      type: "success",
      output: {
        Contents: contents,
        IsTruncated: false,
        KeyCount: contents.length,
        Name: "acme-uploads-prod",
        Prefix: options.prefix,
      },
      durationMs: ms(60, 400),
    };
  };

  const resizeImage = (payload: Json, attempt: number): TaskOutcome => {
    const item = isJsonObject(payload) && isJsonObject(payload["Payload"]) ? payload["Payload"] : {};
    const key = String(item["key"] ?? "");
    const fate = fates.get(key) ?? { kind: "ok" };
    switch (fate.kind) {
      case "throttled":
        if (attempt < fate.times)
          return fail(
            "Lambda.TooManyRequestsException",
            `Rate Exceeded. (Service: Lambda, Status Code: 429, Request ID: ${rng.uuid()})`,
            ms(5, 40),
          );
        break;
      case "corrupt":
        return functionError("Image.Corrupt", `Input buffer contains unsupported image format: ${key}`, ms(80, 400));
      case "crash":
        return rng.chance(0.5)
          ? fail(
              "Lambda.Unknown",
              `The cause could not be determined because Lambda did not return an error type. Returned payload: {"errorMessage":"RequestId: ${rng.uuid()} Error: Runtime exited with error: signal: killed","errorType":"Runtime.ExitError"}`,
              ms(2000, 9000),
            )
          : functionError("ImageTooLarge", `Image ${key} exceeds 50 megapixels`, ms(300, 1200));
      case "ok":
        break;
      default: {
        const never: never = fate;
        throw new Error(`unexpected image fate ${JSON.stringify(never)}`);
      }
    }
    return lambdaOk(
      {
        thumbnail: key.replace("uploads/", "thumbnails/").replace(/\.\w+$/, ".webp"),
        bytes: ms(8_000, 90_000),
        width: 320,
        height: 240,
      },
      ms(250, 2500),
    );
  };

  return {
    async invoke({ resource, payload, retryCount }) {
      switch (resource) {
        case "arn:aws:states:::aws-sdk:s3:listObjectsV2":
          return listImages();
        case "arn:aws:states:::lambda:invoke":
          return resizeImage(payload, retryCount);
        case "arn:aws:states:::dynamodb:putItem":
          return {
            type: "success",
            output: { SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: rng.uuid() } },
            durationMs: ms(8, 60),
          };
        case "arn:aws:states:::sns:publish":
          return { type: "success", output: { MessageId: rng.uuid() }, durationMs: ms(30, 150) };
        default:
          return null;
      }
    },
  };
}
