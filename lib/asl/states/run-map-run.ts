import { evaluateJsonataField, processResult } from "../input-output-processing";
import type { Frame, StateCtx, StateOutcome } from "./state-context";
import { errorDetails } from "./event-details";
import type { StateRuntime } from "./state-runtime";
import { toleratedCount, toleratedPercentage } from "./tolerated-failures";
import { HistoryRecorder } from "../history-recorder";
import { evaluatePayloadTemplate } from "../payload-template";
import { isJsonObject, type Json, type StateMachineDefinition } from "../types";

/**
 * A Distributed Map: `MapRunStarted` (with its `mapRunArn`), each item as a child execution
 * whose events stay out of the parent history, then `MapRunSucceeded` or `MapRunFailed`.
 * `ResultWriter` replaces the result with `{MapRunArn, ResultWriterDetails}`.
 */
export async function runMapRun(
  rt: StateRuntime,
  ctx: StateCtx,
  items: readonly Json[],
  processor: StateMachineDefinition,
  effective: Json,
): Promise<StateOutcome> {
  const { state, thread } = ctx;
  const label = typeof state["Label"] === "string" ? state["Label"] : ctx.name;
  const runId = rt.options.random.uuid();
  const mapRunArn = `${rt.stateMachineArn.replace(":stateMachine:", ":mapRun:")}/${label}:${runId}`;
  const toleratedScope = rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
  const tolerated = toleratedCount(state, toleratedScope);
  const toleratedPct = toleratedPercentage(state, toleratedScope);
  const runStarted = rt.recorder.add("MapRunStarted", thread.prev, { mapRunArn });
  thread.prev = runStarted;
  const selector = state["ItemSelector"] ?? state["Parameters"];
  const parent = rt.recorder;
  const outputs: Json[] = [];
  let failures = 0;
  let failure: { error: string; cause: string | undefined } | undefined;
  try {
    for (let index = 0; index < items.length; index++) {
      const value = items[index] as Json;
      const itemFrame: Frame = {
        language: ctx.frame.language,
        variables: { ...ctx.frame.variables },
        mapItem: { Index: index, Value: value },
      };
      let itemInput = value;
      if (selector !== undefined) {
        itemInput =
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
              );
      }
      // Child executions keep their own histories; the parent records only the Map Run.
      rt.recorder = new HistoryRecorder(() => rt.options.clock.now());
      const outcome = await rt.runMachine(
        processor,
        itemInput,
        { language: ctx.frame.language, variables: itemFrame.variables },
        { prev: 0 },
      );
      rt.recorder = parent;
      if (outcome.kind === "failed") {
        failures++;
        if (failures > tolerated && (failures * 100) / items.length > toleratedPct) {
          failure = {
            error: "States.ExceedToleratedFailureThreshold",
            cause: "The specified tolerated failure threshold was exceeded",
          };
          break;
        }
        outputs.push(null);
        continue;
      }
      outputs.push(outcome.output);
    }
  } finally {
    rt.recorder = parent;
  }
  if (failure !== undefined) {
    thread.prev = rt.recorder.add("MapRunFailed", thread.prev, errorDetails(failure.error, failure.cause));
    return { kind: "error", error: failure.error, cause: failure.cause };
  }
  thread.prev = rt.recorder.add("MapRunSucceeded", thread.prev);
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
