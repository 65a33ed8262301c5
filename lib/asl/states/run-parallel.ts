import { processParameters, processResult } from "../input-output-processing";
import type { Json, StateMachineDefinition } from "../types";
import { abandonThread, ChildrenRecord, runConcurrently } from "./run-concurrently";
import { newThread, type StateCtx, type StateOutcome, type Thread } from "./state-context";
import type { StateRuntime } from "./state-runtime";

/**
 * The Parallel state: every branch runs concurrently on the execution's clock (a redrive keeps the
 * branches that succeeded); the outputs as an array. When a branch fails, the branches still
 * running are stopped (their running Task, Wait, Parallel or Map records `*StateAborted`).
 */
export async function runParallel(rt: StateRuntime, ctx: StateCtx): Promise<StateOutcome> {
  const input = await processParameters(rt, ctx);
  const thread = ctx.thread;
  const startedId = rt.recorder.add("ParallelStateStarted", thread.prev);
  thread.prev = startedId;
  const branches = Array.isArray(ctx.state["Branches"]) ? ctx.state["Branches"] : [];
  const outputs: Json[] = new Array<Json>(branches.length).fill(null);
  const redrive = ctx.redrive;
  ctx.redrive = undefined;
  const toRun: number[] = [];
  for (let index = 0; index < branches.length; index++) {
    // Redriven: a branch that succeeded keeps its output; a failed one goes on from where it failed.
    const plan = redrive?.children.get(index);
    if (plan?.kind === "done") outputs[index] = plan.output;
    else toRun.push(index);
  }
  let failure: StateOutcome | undefined;
  const children = new ChildrenRecord(
    (_index, lineage): Thread => newThread(startedId, lineage),
    (index, branchThread) => {
      const machine = branches[index] as unknown as StateMachineDefinition;
      const plan = redrive?.children.get(index);
      return plan === undefined || plan.kind === "done"
        ? rt.runMachine(
            machine,
            input,
            { language: ctx.frame.language, variables: { ...ctx.frame.variables } },
            branchThread,
          )
        : rt.runMachine(
            machine,
            plan.from.input,
            { language: ctx.frame.language, variables: { ...plan.from.variables } },
            branchThread,
            plan.from.startAt,
            plan.from.container,
          );
    },
    (index, branchThread, outcome) => {
      thread.prev = branchThread.prev;
      if (outcome.kind === "failed") {
        // The branch's failed Task is aborted with the Parallel (AWS records it after TaskFailed).
        if (outcome.stateType === "Task") rt.recorder.add("TaskStateAborted", branchThread.prev);
        failure = { kind: "error", error: outcome.error, cause: outcome.cause };
        return false;
      }
      outputs[index] = outcome.output;
      return true;
    },
    (_index, branchThread, prev) => abandonThread(rt.recorder, branchThread, prev),
  );
  await runConcurrently(rt.threads, thread, toRun, Number.POSITIVE_INFINITY, children);
  if (failure !== undefined) return failure;
  // Succeeded hangs off the chain: Exited points at the last branch event, not at it.
  rt.recorder.add("ParallelStateSucceeded", thread.prev);
  return processResult(rt, ctx, outputs, 0);
}
