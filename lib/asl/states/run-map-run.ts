import { evaluateJsonataField, jsonataStates, processResult } from "../input-output-processing";
import { newThread, type Frame, type StateCtx, type StateOutcome } from "./state-context";
import { errorDetails } from "./event-details";
import type { StateRuntime } from "./state-runtime";
import { toleratedCount, toleratedPercentage } from "./tolerated-failures";
import { maxDurationOf, type StateMachineType } from "../express/express-execution";
import {
  childExecutionArn,
  endChild,
  mapRunCounts,
  startChildHistory,
  type MapRunChild,
  type MapRunReport,
} from "./map-run-children";
import { childProgress, liveMapRunCounts, type MapRunChildProgress, type MapRunSettings } from "./map-run-port";
import { evaluatePayloadTemplate } from "../payload-template";
import { isJsonObject, setMember, type Json, type JsonObject, type StateMachineDefinition } from "../types";
import type { PathScope } from "../intrinsics";
import { numberField } from "./path-field";
import { batchItems, checkBatchLimits, type Batch } from "./item-batcher";

/**
 * A Distributed Map: `MapRunStarted` (with its `mapRunArn`), each item as a child execution
 * whose events stay out of the parent history, then `MapRunSucceeded` or `MapRunFailed`. Each
 * child has its own history and ARN (Express children, `ProcessorConfig.ExecutionType: EXPRESS`:
 * `…:express:<machine>/<label>:<name>:<id>`) and its type's time limit (Express: 5 minutes, then
 * `ExecutionTimedOut`, a failure for the tolerated-failure threshold); the run is reported in
 * `rt.mapRuns` with its counts as `DescribeMapRun` gives them.
 * `ResultWriter` replaces the result with `{MapRunArn, ResultWriterDetails}`.
 */
export async function runMapRun(
  rt: StateRuntime,
  ctx: StateCtx,
  items: readonly Json[],
  processor: StateMachineDefinition,
  effective: Json,
  readerFailure?: { readonly error: string; readonly cause: string | undefined },
): Promise<StateOutcome> {
  const { state, thread } = ctx;
  const label = typeof state["Label"] === "string" ? state["Label"] : ctx.name;
  const runId = rt.options.random.uuid();
  const mapRunArn = `${rt.stateMachineArn.replace(":stateMachine:", ":mapRun:")}/${label}:${runId}`;
  const toleratedScope = rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
  const tolerated = toleratedCount(state, toleratedScope);
  const toleratedPct = toleratedPercentage(state, toleratedScope);
  const maxConcurrency = maxConcurrencyOf(state, toleratedScope);
  // A bad batch limit fails the Map before its Map Run starts, as a bad tolerated-failure path does.
  if (ctx.frame.language === "JSONPath" && isJsonObject(state["ItemBatcher"]))
    checkBatchLimits(state["ItemBatcher"], toleratedScope);
  const runStarted = rt.recorder.add("MapRunStarted", thread.prev, { mapRunArn });
  const startDate = rt.recorder.events.at(-1)?.timestamp ?? "";
  thread.prev = runStarted;
  const selector = state["ItemSelector"] ?? state["Parameters"];
  const parent = rt.recorder;
  const outputs: Json[] = [];
  const config = (processor as unknown as { ProcessorConfig?: { ExecutionType?: unknown } }).ProcessorConfig;
  const type: StateMachineType = config?.ExecutionType === "EXPRESS" ? "EXPRESS" : "STANDARD";
  const children: MapRunChild[] = [];
  const writes = isJsonObject(state["ResultWriter"]);
  // The port sees the run as it goes on; `UpdateMapRun`'s changes (read after each child) govern it from then on.
  const port = rt.options.mapRunPort;
  let settings: MapRunSettings = {
    maxConcurrency,
    toleratedFailureCount: tolerated,
    toleratedFailurePercentage: toleratedPct,
  };
  const current = (): MapRunSettings => (settings = { ...settings, ...port?.settings?.(mapRunArn) });
  const progress = (running: number, child?: MapRunChildProgress): void => {
    const counts = liveMapRunCounts(children, items.length, writes, running);
    port?.onProgress?.({
      mapRunArn,
      executionType: type,
      status: "RUNNING",
      startDate,
      ...current(),
      itemCounts: counts,
      executionCounts: { ...counts },
      ...(child === undefined ? {} : { child }),
    });
  };
  progress(0);
  let failures = 0;
  // An ItemReader that failed: the run starts with no items and fails with the reader's error.
  let failure: { error: string; cause: string | undefined } | undefined =
    readerFailure === undefined ? undefined : { error: readerFailure.error, cause: readerFailure.cause };
  // ItemSelector applies to each item, then ItemBatcher groups them: one child per batch.
  const selected: Json[] = [];
  for (let index = 0; index < items.length; index++) {
    const value = items[index] as Json;
    if (selector === undefined) {
      selected.push(value);
      continue;
    }
    const itemFrame: Frame = {
      language: ctx.frame.language,
      variables: ctx.frame.variables,
      mapItem: { Index: index, Value: value },
    };
    selected.push(
      ctx.frame.language === "JSONata"
        ? await evaluateJsonataField(
            rt,
            selector,
            { input: ctx.input, context: rt.context(ctx.name, ctx.enteredIso, 0, itemFrame) },
            ctx.frame,
            "ItemSelector",
          )
        : evaluatePayloadTemplate(
            selector,
            rt.scope(effective, ctx.name, ctx.enteredIso, 0, itemFrame),
            rt.options.random,
          ),
    );
  }
  const batches = await batchesOf(rt, ctx, selected, toleratedScope);
  try {
    for (let index = 0; index < batches.length; index++) {
      const batch = batches[index] as Batch;
      const itemInput = batch.input;
      const itemFrame: Frame = { language: ctx.frame.language, variables: { ...ctx.frame.variables } };
      // Child executions keep their own histories; the parent records only the Map Run.
      const name = childUuid(runId, index, "0");
      const arn = childExecutionArn(mapRunArn, type, name, childUuid(runId, index, "1"));
      const recorder = startChildHistory(() => rt.options.clock.now(), itemInput, rt.roleArn);
      rt.recorder = recorder;
      const childStart = recorder.events[0]?.timestamp ?? startDate;
      progress(1, { executionArn: arn, name, status: "RUNNING", startDate: childStart });
      const childThread = newThread(0);
      const itemFrameOut = { language: ctx.frame.language, variables: itemFrame.variables };
      const ran = await rt.runChild(maxDurationOf(type), async () =>
        rt.runMachine(processor, itemInput, itemFrameOut, childThread),
      );
      rt.recorder = parent;
      const child = endChild(
        recorder,
        arn,
        name,
        "value" in ran ? { outcome: ran.value, prev: childThread.prev } : ran,
      );
      children.push(child);
      progress(0, childProgress(child));
      const outcome = "value" in ran ? ran.value : ({ kind: "failed", error: "States.Timeout" } as const);
      // A failed child fails every item of its batch.
      if (outcome.kind === "failed") failures += batch.size;
      // Checked after every child: an `UpdateMapRun` that lowered the tolerance below the failures so far fails the run.
      const { toleratedFailureCount, toleratedFailurePercentage } = current();
      if (failures > toleratedFailureCount && (failures * 100) / items.length > toleratedFailurePercentage) {
        failure = {
          error: "States.ExceedToleratedFailureThreshold",
          cause: "The specified tolerated failure threshold was exceeded",
        };
        break;
      }
      outputs.push(outcome.kind === "failed" ? null : outcome.output);
    }
  } finally {
    rt.recorder = parent;
  }
  const counts = mapRunCounts(children, batches.length, writes);
  const itemCounts = mapRunCounts(
    children.flatMap((child, i) => new Array<MapRunChild>((batches[i] as Batch).size).fill(child)),
    items.length,
    writes,
  );
  thread.prev =
    failure === undefined
      ? rt.recorder.add("MapRunSucceeded", thread.prev)
      : rt.recorder.add("MapRunFailed", thread.prev, errorDetails(failure.error, failure.cause));
  const report: MapRunReport = {
    mapRunArn,
    executionType: type,
    status: failure === undefined ? "SUCCEEDED" : "FAILED",
    startDate,
    stopDate: rt.recorder.events.at(-1)?.timestamp ?? startDate,
    ...current(),
    itemCounts,
    executionCounts: counts,
    children,
  };
  rt.mapRuns.push(report);
  const { children: _children, ...ended } = report;
  port?.onProgress?.(ended);
  if (failure !== undefined) return { kind: "error", error: failure.error, cause: failure.cause };
  rt.recorder.add("MapStateSucceeded", thread.prev);
  if (rt.behaviour.mapExitAfterMapRunStarted) thread.prev = runStarted;
  let result: Json = outputs;
  const writer = state["ResultWriter"];
  if (isJsonObject(writer)) {
    const params = isJsonObject(writer["Parameters"])
      ? writer["Parameters"]
      : isJsonObject(writer["Arguments"])
        ? writer["Arguments"]
        : {};
    const prefix = typeof params["Prefix"] === "string" ? `${params["Prefix"]}/` : "";
    result = {
      MapRunArn: mapRunArn,
      ResultWriterDetails: { Bucket: params["Bucket"] ?? null, Key: `${prefix}${runId}/manifest.json` },
    };
  }
  return processResult(rt, ctx, result, 0);
}

/** `MaxConcurrency` or what `MaxConcurrencyPath` names: a non-negative integer (0, AWS's default: no limit); else `States.Runtime`. */
export function maxConcurrencyOf(state: JsonObject, scope: PathScope): number {
  return numberField("MaxConcurrencyPath", state["MaxConcurrency"], state["MaxConcurrencyPath"], scope) ?? 0;
}

/** A child's name (or Express id): a UUID of the run's id and the item's index, so a seeded run repeats its ARNs. */
function childUuid(runId: string, index: number, salt: string): string {
  return `${runId.slice(0, 24)}${salt}${index.toString(16).padStart(11, "0")}`;
}

/** The children's inputs: one per item, or per batch under `ItemBatcher` (its JSONata fields evaluated first). */
async function batchesOf(
  rt: StateRuntime,
  ctx: StateCtx,
  selected: readonly Json[],
  scope: PathScope,
): Promise<Batch[]> {
  const batcher = ctx.state["ItemBatcher"];
  if (!isJsonObject(batcher) || ctx.frame.language !== "JSONata")
    return batchItems(selected, batcher, scope, rt.options.random);
  const evaluated: JsonObject = {};
  for (const [key, value] of Object.entries(batcher))
    setMember(
      evaluated,
      key,
      await evaluateJsonataField(rt, value, jsonataStates(rt, ctx), ctx.frame, `ItemBatcher/${key}`),
    );
  const { BatchInput: batchInput, ...limits } = evaluated;
  return batchItems(selected, limits, scope, rt.options.random, batchInput);
}
