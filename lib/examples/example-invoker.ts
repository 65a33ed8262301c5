import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import type { Json } from "@/lib/asl/types";
import type { Rng } from "./create-rng";

/**
 * What the bundled examples' tasks answer: local handlers standing in for the Lambda
 * functions and AWS services the example definitions call. Each execution draws its own
 * luck from `rng` (a declined card, a throttled Lambda, a corrupt image, a slow export), so
 * a batch of runs has the failures, retries and timeouts a real account has. Durations are
 * on the execution's virtual clock.
 */
type Handler = (payload: Json, attempt: number) => TaskOutcome;

const ok = (output: Json, durationMs: number): TaskOutcome => ({ type: "success", output, durationMs });
const lambdaOk = (payload: Json, durationMs: number): TaskOutcome =>
  ok({ ExecutedVersion: "$LATEST", Payload: payload, StatusCode: 200 }, durationMs);
function fail(error: string, message: string, durationMs: number): TaskOutcome {
  return { type: "failure", error, cause: JSON.stringify({ errorMessage: message, errorType: error }), durationMs };
}
const field = (payload: Json, key: string): Json | undefined =>
  payload !== null && typeof payload === "object" && !Array.isArray(payload) ? payload[key] : undefined;
const inner = (payload: Json): Json => field(payload, "Payload") ?? payload;

/** The per-execution fate of the examples' tasks, drawn once when the execution starts. */
interface Luck {
  charge: "ok" | "declined-then-paid" | "declined" | "timeout-then-paid" | "timeout";
  validateThrottled: boolean;
  imageHardFailure: number | null;
  exportTimeouts: number;
  salesQueryFails: boolean;
  duplicateUser: boolean;
  signupThrottled: boolean;
  extractFailures: number;
  glueConcurrent: boolean;
  glueSlow: boolean;
  converts: boolean;
}

function drawLuck(rng: Rng): Luck {
  return {
    charge: rng.weighted([
      ["ok", 80],
      ["declined-then-paid", 6],
      ["declined", 8],
      ["timeout-then-paid", 4],
      ["timeout", 2],
    ] as const),
    validateThrottled: rng.chance(0.05),
    imageHardFailure: rng.chance(0.08) ? rng.int(0, 5) : null,
    exportTimeouts: rng.weighted([
      [0, 88],
      [1, 8],
      [2, 4],
    ] as const),
    salesQueryFails: rng.chance(0.03),
    duplicateUser: rng.chance(0.08),
    signupThrottled: rng.chance(0.04),
    extractFailures: rng.weighted([
      [0, 85],
      [1, 10],
      [3, 5],
    ] as const),
    glueConcurrent: rng.chance(0.1),
    glueSlow: rng.chance(0.04),
    converts: rng.chance(0.6),
  };
}

/** What an execution of the examples may be made to meet whatever its draw (the draw is made anyway, so the seed's other executions stay the same). */
export interface ExampleOutcomeOverrides {
  /** The Glue job of `etl-batch` runs past the state machine's `TimeoutSeconds`: the execution times out. */
  readonly glueSlow?: boolean;
}

/** A task invoker for one execution of the examples. */
export function createExampleInvoker(rng: Rng, overrides: ExampleOutcomeOverrides = {}): TaskInvoker {
  const luck: Luck = { ...drawLuck(rng), ...overrides };
  const ms = (min: number, max: number) => rng.int(min, max);
  const byFunction: Record<string, Handler> = {
    "validate-order": (_p, attempt) =>
      luck.validateThrottled && attempt === 0
        ? fail("Lambda.ServiceException", "Rate exceeded", ms(20, 60))
        : lambdaOk({ valid: true, riskScore: Math.round(rng.next() * 100) / 100 }, ms(60, 250)),
    "fraud-check": () => lambdaOk({ decision: "approve", score: Math.round(rng.next() * 100) }, ms(300, 1200)),
    "charge-card": (payload, attempt) => {
      const declined = luck.charge === "declined" || (luck.charge === "declined-then-paid" && attempt === 0);
      const slow = luck.charge === "timeout" || (luck.charge === "timeout-then-paid" && attempt === 0);
      if (slow) return lambdaOk({ chargeId: `ch_${rng.hex(16)}`, status: "late" }, 31_000);
      if (declined) {
        return fail(
          "Payment.Declined",
          `Card ending ${rng.int(1000, 9999)} declined: insufficient_funds (order ${String(field(inner(payload), "orderId") ?? "?")})`,
          ms(400, 900),
        );
      }
      return lambdaOk({ chargeId: `ch_${rng.hex(16)}`, status: "succeeded" }, ms(500, 2500));
    },
    "resize-image": (payload, attempt) => {
      const key = String(field(inner(payload), "key") ?? "");
      const index = Number(/(\d+)\.jpg$/.exec(key)?.[1] ?? 0);
      if (luck.imageHardFailure !== null && index === luck.imageHardFailure) {
        return fail("Lambda.Unknown", `Task timed out after 15.00 seconds (${key})`, 15_000);
      }
      if (attempt === 0 && rng.chance(0.04))
        return fail("Image.Corrupt", `Unsupported or corrupt JPEG header in ${key}`, ms(40, 120));
      if (attempt === 0 && rng.chance(0.08))
        return fail("Lambda.TooManyRequestsException", "Rate Exceeded.", ms(5, 20));
      return lambdaOk({ thumbnail: key.replace(/\.jpg$/, "-256.jpg"), bytes: rng.int(8_000, 60_000) }, ms(700, 2400));
    },
    "export-metrics": (_p, attempt) =>
      attempt < luck.exportTimeouts
        ? lambdaOk({ objectKey: "late" }, 301_000)
        : lambdaOk({ objectKey: `metrics/${rng.hex(8)}.parquet` }, ms(20_000, 120_000)),
    "publish-report": () => lambdaOk({ published: true }, ms(200, 800)),
    "create-user": (_p, attempt) => {
      if (luck.signupThrottled && attempt === 0)
        return fail("Lambda.TooManyRequestsException", "Rate Exceeded.", ms(5, 20));
      if (luck.duplicateUser)
        return fail("User.AlreadyExists", "An account with this email already exists", ms(40, 120));
      return lambdaOk({ userId: `usr_${rng.hex(12)}` }, ms(40, 200));
    },
    "extract-batch": (_p, attempt) =>
      attempt < luck.extractFailures
        ? fail("Lambda.ServiceException", "Lambda was unable to start the function: service unavailable", ms(100, 400))
        : lambdaOk(
            { manifest: `s3://etl-staging/batches/${rng.hex(8)}/manifest.json`, rows: rng.int(10_000, 2_000_000) },
            ms(30_000, 180_000),
          ),
    "check-usage": () => lambdaOk({ converted: luck.converts, logins: rng.int(0, 40) }, ms(50, 300)),
  };
  const byResource: Record<string, Handler> = {
    "arn:aws:states:::aws-sdk:s3:listObjectsV2": () => {
      const count = rng.int(3, 24);
      return ok(
        {
          Contents: Array.from({ length: count }, (_, i) => ({
            Key: `uploads/${rng.hex(6)}/${i}.jpg`,
            Size: rng.int(100_000, 4_000_000),
          })),
          KeyCount: count,
        },
        ms(80, 300),
      );
    },
    "arn:aws:states:::dynamodb:putItem": () => ok({}, ms(8, 40)),
    "arn:aws:states:::aws-sdk:dynamodb:scan": () =>
      ok({ Count: rng.int(2_000, 9_000), ScannedCount: 9_000 }, ms(800, 4_000)),
    "arn:aws:states:::athena:startQueryExecution.sync": () =>
      luck.salesQueryFails
        ? {
            type: "failure",
            error: "States.TaskFailed",
            cause: "Athena query FAILED: TABLE_NOT_FOUND: line 1:36: Table 'sales' does not exist",
            durationMs: ms(3_000, 8_000),
          }
        : ok({ QueryExecution: { QueryExecutionId: rng.uuid(), Status: { State: "SUCCEEDED" } } }, ms(20_000, 90_000)),
    "arn:aws:states:::glue:startJobRun.sync": (_p, attempt) => {
      if (luck.glueConcurrent && attempt === 0)
        return fail(
          "Glue.ConcurrentRunsExceededException",
          "Concurrent runs exceeded for load-warehouse",
          ms(200, 600),
        );
      return ok(
        { Id: `jr_${rng.hex(32)}`, JobRunState: "SUCCEEDED" },
        luck.glueSlow ? 3_700_000 : ms(300_000, 1_500_000),
      );
    },
    "arn:aws:states:::sqs:sendMessage": () => ok({ MessageId: rng.uuid(), MD5OfMessageBody: rng.hex(32) }, ms(10, 60)),
    "arn:aws:states:::sns:publish": () => ok({ MessageId: rng.uuid() }, ms(20, 90)),
    "arn:aws:states:::aws-sdk:sesv2:sendEmail": () =>
      ok({ MessageId: `0100${rng.hex(12)}-${rng.uuid()}-000000` }, ms(60, 300)),
  };
  return {
    async invoke(invocation) {
      const fn = /:function:([^:]+)/.exec(
        String(field(invocation.payload, "FunctionName") ?? invocation.resource),
      )?.[1];
      const handler = (fn === undefined ? undefined : byFunction[fn]) ?? byResource[invocation.resource];
      return handler ? handler(invocation.payload, invocation.retryCount) : null;
    },
  };
}
