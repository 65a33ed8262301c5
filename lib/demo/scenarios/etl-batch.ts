import { functionError, lambdaResult } from "../aws-payloads";
import type { JsonObject, PlanContext, ScenarioRun } from "../scenario";
import { succeedState, waitState } from "../state-steps";
import { exponentialBackoff, runTask, type AttemptPlan } from "../task-step";
import { lambdaArn } from "../workflows";

/** How an etl-batch execution goes. `timed-out` hits the definition's `TimeoutSeconds` (3600). */
export type EtlScenario = "success" | "extract-retried" | "load-failed" | "timed-out";

export const etlScenarioWeights: readonly (readonly [EtlScenario, number])[] = [
  ["success", 70],
  ["extract-retried", 20],
  ["load-failed", 10],
];

/** `TimeoutSeconds` of the etl-batch definition, in ms. */
export const etlTimeoutMs = 3_600_000;

/** Plans one etl-batch execution: Extract (retried) → Wait 300 s → Glue load. */
export function planEtlBatch(ctx: PlanContext, scenario: EtlScenario): ScenarioRun {
  const { rng } = ctx;
  const batchDate = new Date(ctx.startMs - 86_400_000).toISOString().slice(0, 10);
  const input: JsonObject = { source: "s3://acme-raw-events/", batchDate, tables: ["orders", "refunds", "sessions"] };
  const run: ScenarioRun["run"] = (root) => {
    const manifest = `s3://acme-staging/manifests/${batchDate}/${rng.hex(8)}.json`;
    const rows = rng.int(200_000, 9_000_000);
    const extracted: AttemptPlan = { kind: "succeed", durationMs: rng.int(20_000, 240_000), output: lambdaResult(ctx, { manifest, rows }) };
    const sourceDown = (): AttemptPlan => ({
      kind: "fail",
      durationMs: rng.int(1000, 8000),
      ...functionError(ctx, "Extract.SourceUnavailable", "Upstream export for orders is not ready yet", "extract.py"),
    });
    const withExtract: JsonObject = { ...input, extract: { manifest, rows } };
    runTask(ctx, root, {
      name: "ExtractBatch",
      resourceType: "lambda",
      resource: "invoke",
      input,
      parameters: { FunctionName: lambdaArn(ctx, "extract-batch"), Payload: input },
      attempts: scenario === "extract-retried" ? (rng.chance(0.5) ? [sourceDown(), extracted] : [sourceDown(), sourceDown(), extracted]) : [extracted],
      backoffMs: exponentialBackoff(ctx, 5, 2),
      output: withExtract,
    });
    waitState(ctx, root, "WaitForWarehouseWindow", withExtract, 300);
    const jobRunId = `jr_${rng.hex(64)}`;
    const jobRun = (state: string) => ({
      Id: jobRunId,
      JobName: "load-warehouse",
      JobRunState: state,
      ExecutionTime: rng.int(120, 1800),
      ...(state === "FAILED" ? { ErrorMessage: "AnalysisException: Path does not exist: s3://acme-staging/part-00007.parquet" } : {}),
    });
    const loadAttempts: AttemptPlan[] = (
      {
      success: [{ kind: "succeed", durationMs: rng.int(240_000, 1_200_000), output: jobRun("SUCCEEDED") }],
      "extract-retried": [{ kind: "succeed", durationMs: rng.int(240_000, 1_200_000), output: jobRun("SUCCEEDED") }],
      "load-failed": [{ kind: "fail", durationMs: rng.int(60_000, 600_000), error: "States.TaskFailed", cause: JSON.stringify(jobRun("FAILED")) }],
      "timed-out": [{ kind: "hang" }],
    } satisfies Record<EtlScenario, AttemptPlan[]>
    )[scenario];
    const loaded: JsonObject = { ...withExtract, load: { jobRunId, state: "SUCCEEDED" } };
    const load = runTask(ctx, root, {
      name: "LoadWarehouse",
      resourceType: "glue",
      resource: "startJobRun.sync",
      input: withExtract,
      parameters: { JobName: "load-warehouse", Arguments: { "--manifest": manifest } },
      attempts: loadAttempts,
      backoffMs: exponentialBackoff(ctx, 60, 1.5),
      output: loaded,
    });
    switch (load.status) {
      case "RUNNING":
        root.advance(etlTimeoutMs - root.t);
        return { status: "TIMED_OUT", error: "States.Timeout", cause: null };
      case "FAILED":
        return { status: "FAILED", error: load.error, cause: load.cause };
      case "SUCCEEDED":
        succeedState(ctx, root, "BatchLoaded", loaded);
        return { status: "SUCCEEDED", output: loaded };
      default: {
        const never: never = load;
        throw new Error(`unexpected task end ${JSON.stringify(never)}`);
      }
    }
  };
  return { input, run };
}
