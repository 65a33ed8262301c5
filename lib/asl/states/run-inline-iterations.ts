import { evaluateJsonataField, processResult } from "../input-output-processing";
import { evaluatePayloadTemplate } from "../payload-template";
import type { Json, StateMachineDefinition } from "../types";
import { abandonThread, ChildrenRecord, runConcurrently } from "./run-concurrently";
import { maxConcurrencyOf } from "./run-map-run";
import { newThread, type Frame, type Outcome, type StateCtx, type StateOutcome, type Thread } from "./state-context";
import type { StateRuntime } from "./state-runtime";
import { toleratedCount, toleratedPercentage } from "./tolerated-failures";

/** AWS: an inline Map runs at most 40 iterations at a time, whatever its `MaxConcurrency`. */
export const INLINE_MAX_CONCURRENCY = 40;

/**
 * An inline Map's iterations, `MaxConcurrency(Path)` of them at a time (0: AWS's inline limit of
 * 40) on the execution's clock: each `MapIterationStarted` of a batch before any runs, the next
 * one as soon as an iteration ends. Past the tolerated failures the iterations still running are
 * stopped (`MapIterationAborted`, and their running state's `*StateAborted`). A redrive keeps the
 * iterations that succeeded and goes on from where each failed one failed.
 */
export async function runInlineIterations(
  rt: StateRuntime,
  ctx: StateCtx,
  items: readonly Json[],
  processor: StateMachineDefinition,
  effective: Json,
): Promise<StateOutcome> {
  const { state, thread } = ctx;
  const selector = state["ItemSelector"] ?? state["Parameters"];
  const outputs: Json[] = new Array<Json>(items.length).fill(null);
  const scope = rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
  const tolerated = toleratedCount(state, scope);
  const toleratedPct = toleratedPercentage(state, scope);
  const limit = maxConcurrencyOf(state, scope) || INLINE_MAX_CONCURRENCY;
  let failures = 0;
  let lastIterationEnd: number | undefined;
  let failure: StateOutcome | undefined;
  const redrive = ctx.redrive;
  ctx.redrive = undefined;
  const toRun: number[] = [];
  for (let index = 0; index < items.length; index++) {
    const plan = redrive?.children.get(index);
    if (plan?.kind === "done") outputs[index] = plan.output;
    else toRun.push(index);
  }
  const name = ctx.name;
  const iterate = (index: number, iterThread: Thread): Outcome | Promise<Outcome> => {
    const value = items[index] as Json;
    const plan = redrive?.children.get(index);
    const from = plan?.kind === "done" ? undefined : plan?.from;
    // Each iteration gets its own copy of the variables: its assignments stay inside it.
    const iterationFrame: Frame = {
      language: ctx.frame.language,
      variables: { ...(from === undefined ? ctx.frame.variables : from.variables) },
    };
    if (from !== undefined)
      return rt.runMachine(processor, from.input, iterationFrame, iterThread, from.startAt, from.container);
    if (selector === undefined) return rt.runMachine(processor, value, iterationFrame, iterThread);
    const itemFrame: Frame = { ...iterationFrame, mapItem: { Index: index, Value: value } };
    if (ctx.frame.language === "JSONata") {
      return evaluateJsonataField(
        rt,
        selector,
        { input: ctx.input, context: rt.context(name, ctx.enteredIso, 0, itemFrame) },
        ctx.frame,
        "ItemSelector",
      ).then((itemInput) => rt.runMachine(processor, itemInput, iterationFrame, iterThread));
    }
    const itemInput = evaluatePayloadTemplate(
      selector,
      rt.scope(effective, name, ctx.enteredIso, 0, itemFrame),
      rt.options.random,
    );
    return rt.runMachine(processor, itemInput, iterationFrame, iterThread);
  };
  const children = new ChildrenRecord(
    (index, lineage): Thread =>
      newThread(rt.recorder.addIteration("MapIterationStarted", thread.prev, index, name), lineage),
    iterate,
    (index, iterThread, outcome) => {
      // The iteration's end event hangs off the chain without advancing it (AWS quirk).
      thread.prev = iterThread.prev;
      if (outcome.kind === "succeeded") {
        lastIterationEnd = rt.recorder.addIteration("MapIterationSucceeded", iterThread.prev, index, name);
        outputs[index] = outcome.output;
        return true;
      }
      rt.recorder.addIteration("MapIterationFailed", iterThread.prev, index, name);
      failures++;
      if (failures <= tolerated || (failures * 100) / items.length <= toleratedPct) return true;
      // The failed iteration's Task is aborted with the Map (AWS records it after MapIterationFailed).
      if (outcome.stateType === "Task") rt.recorder.add("TaskStateAborted", iterThread.prev);
      failure = { kind: "error", error: outcome.error, cause: outcome.cause };
      return false;
    },
    (index, iterThread, prev) => {
      rt.recorder.addIteration("MapIterationAborted", prev, index, name);
      abandonThread(rt.recorder, iterThread, prev);
    },
    (index, abort) => {
      rt.recorder.addIteration("MapIterationAborted", abort.prev, index, name);
    },
  );
  await runConcurrently(rt.threads, thread, toRun, limit, children);
  if (failure !== undefined) return failure;
  // AWS chains MapStateSucceeded and MapStateExited both to the last MapIterationSucceeded.
  if (lastIterationEnd !== undefined) thread.prev = lastIterationEnd;
  rt.recorder.add("MapStateSucceeded", thread.prev);
  return processResult(rt, ctx, outputs, 0);
}
