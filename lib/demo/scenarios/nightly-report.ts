import { lambdaResult, sdkResult } from "../aws-payloads";
import { runParallel, type BranchOutcome } from "../concurrent-step";
import type { Json, Track } from "../history-recorder";
import type { JsonObject, PlanContext, ScenarioRun } from "../scenario";
import { failState, passThrough } from "../state-steps";
import { exponentialBackoff, runTask, type AttemptPlan } from "../task-step";
import { lambdaArn } from "../workflows";

/** How a nightly-report execution goes: all branches succeed, the export times out, or the Athena query fails. */
export type ReportScenario = "success" | "export-timeout" | "query-failed";

export const reportScenarioWeights: readonly (readonly [ReportScenario, number])[] = [
  ["success", 80],
  ["export-timeout", 10],
  ["query-failed", 10],
];

const salesQuery = "SELECT region, sum(amount) FROM sales WHERE day = current_date - interval '1' day GROUP BY 1";

/** Plans one nightly-report execution. */
export function planNightlyReport(ctx: PlanContext, scenario: ReportScenario): ScenarioRun {
  const { rng } = ctx;
  const reportDate = new Date(ctx.startMs - 86_400_000).toISOString().slice(0, 10);
  const input: JsonObject = { reportDate, recipients: ["finance@example.com", "ops@example.com"], format: "csv" };
  const noBackoff = exponentialBackoff(ctx, 30, 1);

  const sales = (track: Track): BranchOutcome => {
    const queryId = rng.uuid();
    const status = scenario === "query-failed" ? "FAILED" : "SUCCEEDED";
    const execution = {
      QueryExecution: {
        QueryExecutionId: queryId,
        Query: salesQuery,
        Status: {
          State: status,
          ...(status === "FAILED" ? { StateChangeReason: "COLUMN_NOT_FOUND: line 1:20: Column 'amount' cannot be resolved" } : {}),
        },
        Statistics: { DataScannedInBytes: rng.int(10_000_000, 900_000_000), EngineExecutionTimeInMillis: rng.int(4000, 60000) },
        WorkGroup: "reports",
      },
    };
    const attempt: AttemptPlan =
      status === "FAILED"
        ? { kind: "fail", durationMs: rng.int(3000, 12000), error: "States.TaskFailed", cause: JSON.stringify(execution) }
        : { kind: "succeed", durationMs: rng.int(15_000, 90_000), output: execution };
    const end = runTask(ctx, track, {
      name: "QuerySales",
      resourceType: "athena",
      resource: "startQueryExecution.sync",
      input,
      parameters: { QueryString: salesQuery, WorkGroup: "reports" },
      attempts: [attempt],
      backoffMs: noBackoff,
      output: { queryId },
    });
    if (end.status === "FAILED") return { status: "FAILED", error: end.error, cause: end.cause };
    const output: Json = { report: "sales", queryId };
    passThrough(ctx, track, "Pass", "FormatSales", { queryId }, output);
    return { status: "SUCCEEDED", output };
  };

  const inventory = (track: Track): BranchOutcome => {
    const count = rng.int(8_000, 40_000);
    const output: Json = { report: "inventory", count };
    runTask(ctx, track, {
      name: "ScanInventory",
      resourceType: "aws-sdk:dynamodb",
      resource: "scan",
      input,
      parameters: { TableName: "inventory", Select: "COUNT" },
      attempts: [{ kind: "succeed", durationMs: rng.int(400, 4000), output: { Count: count, ScannedCount: count } }],
      backoffMs: noBackoff,
      output,
    });
    return { status: "SUCCEEDED", output };
  };

  const metrics = (track: Track): BranchOutcome => {
    const objectKey = `reports/${reportDate}/metrics.csv`;
    const output: Json = { report: "metrics", objectKey };
    const ok: AttemptPlan = { kind: "succeed", durationMs: rng.int(30_000, 200_000), output: lambdaResult(ctx, { objectKey, rows: rng.int(500, 9000) }) };
    const end = runTask(ctx, track, {
      name: "ExportMetrics",
      resourceType: "lambda",
      resource: "invoke",
      input,
      parameters: { FunctionName: lambdaArn(ctx, "export-metrics"), Payload: input },
      timeoutSeconds: 300,
      attempts:
        scenario === "export-timeout"
          ? [{ kind: "time-out", durationMs: 300_000 }, { kind: "time-out", durationMs: 300_000 }]
          : rng.chance(0.1)
            ? [{ kind: "time-out", durationMs: 300_000 }, ok]
            : [ok],
      backoffMs: noBackoff,
      output,
    });
    if (end.status === "FAILED") return { status: "FAILED", error: end.error, cause: end.cause };
    return { status: "SUCCEEDED", output };
  };

  const run: ScenarioRun["run"] = (root) => {
    let built: JsonObject = input;
    const failedWith = (error: string): JsonObject => ({ ...input, error: { Error: error, Cause: "A branch failed." } });
    const parallel = runParallel(ctx, root, {
      name: "BuildReports",
      input,
      branches: [sales, inventory, metrics],
      output: (reports) => {
        built = { ...input, reports };
        return built;
      },
      caughtOutput: failedWith(scenario === "query-failed" ? "States.TaskFailed" : "States.Timeout"),
    });
    if (parallel.status === "SUCCEEDED") {
      runTask(ctx, root, {
        name: "PublishReport",
        resourceType: "lambda",
        resource: "invoke",
        input: built,
        parameters: { FunctionName: lambdaArn(ctx, "publish-report"), Payload: built },
        attempts: [{ kind: "succeed", durationMs: rng.int(500, 3000), output: lambdaResult(ctx, { published: true }) }],
        backoffMs: noBackoff,
        output: built,
      });
      return { status: "SUCCEEDED", output: built };
    }
    if (parallel.status === "ABORTED") return { status: "ABORTED", error: null, cause: null };
    const failed = failedWith(parallel.error);
    runTask(ctx, root, {
      name: "NotifyOnCall",
      resourceType: "sns",
      resource: "publish",
      input: failed,
      parameters: { TopicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:ops-alerts`, Message: JSON.stringify(failed["error"] ?? null) },
      attempts: [{ kind: "succeed", durationMs: rng.int(30, 150), output: sdkResult(ctx, { MessageId: rng.uuid() }) }],
      backoffMs: noBackoff,
      output: failed,
    });
    failState(ctx, root, "ReportFailed", failed);
    return { status: "FAILED", error: "Report.BuildFailed", cause: "A report branch failed; on-call was notified." };
  };
  return { input, run };
}
